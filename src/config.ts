import { z } from 'zod';
import { AppError } from './errors.ts';
import { AddressPolicy } from './fetch/addressPolicy.ts';

const optionalString = z
	.string()
	.trim()
	.transform((value) => (value === '' ? undefined : value))
	.optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Where the index and, with it, the bot's state live; the engine and the state both read these. */
function backendShape() {
	return {
		/** local: an index directory per process; postgres: one shared index in DATABASE_URL (see README, Scaling out). */
		INDEX_BACKEND: z.enum(['local', 'postgres']).default('local'),
		DATABASE_URL: optionalString.pipe(z.url().optional()),
	};
}

/** Keys the answer engine needs (CLI and bot alike). */
export const engineSchema = z.object({
	CORPUS_DIR: z.string().trim().min(1).default('seeds'),
	INDEX_DIR: z.string().trim().min(1).default('index'),
	/** Unset: the bot logs at info; CLI commands log errors only, since they print their own progress. */
	LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
	EMBEDDINGS_PROVIDER: z.enum(['use-lite', 'openai-compatible']).default('use-lite'),
	EMBEDDINGS_URL: optionalString.pipe(z.url().optional()),
	EMBEDDINGS_MODEL: optionalString,
	EMBEDDINGS_API_KEY: optionalString,
	EMBED_WORKERS: positiveInt(2),
	COMPOSER: z.enum(['extractive', 'llm']).default('extractive'),
	LLM_BASE_URL: optionalString.pipe(
		z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL such as http://localhost:11434/v1' }).optional(),
	),
	LLM_MODEL: optionalString,
	LLM_API_KEY: optionalString,
	LLM_TIMEOUT_MS: positiveInt(20_000),
	LLM_MAX_CONCURRENCY: positiveInt(2),
	/** Private addresses /add and npm run add may fetch from; none by default. */
	FETCH_ALLOWED_ADDRESSES: z
		.string()
		.trim()
		.default('')
		.transform((value) => value.split(/[\s,]+/u).filter(Boolean))
		.superRefine((entries, context) => {
			try {
				new AddressPolicy(entries);
			} catch (error) {
				context.addIssue({ code: 'custom', message: (error as Error).message });
			}
		}),
	...backendShape(),
});

/** Where the bot keeps answers, votes and threads across restarts (read by `npm run report` too). */
export const stateSchema = z.object({
	DATA_DIR: z.string().trim().min(1).default('data'),
	ANSWER_RETENTION_DAYS: positiveInt(90),
	// With INDEX_BACKEND=postgres the state moves into DATABASE_URL beside the index, shared by every shard.
	...backendShape(),
});

/** Keys only the Discord bot needs, on top of the engine's. */
export const botSchema = engineSchema.extend(stateSchema.shape).extend({
	DISCORD_TOKEN: z.string().trim().min(1, 'is required'),
	DISCORD_CLIENT_ID: z
		.string()
		.trim()
		.regex(/^\d{17,20}$/, 'must be the application id (a 17–20 digit snowflake)'),
	DISCORD_GUILD_ID: optionalString.pipe(
		z
			.string()
			.regex(/^\d{17,20}$/, 'must be a server id (a 17–20 digit snowflake)')
			.optional(),
	),
	DISCORD_API_BASE: optionalString.pipe(z.url().optional()),
	RATE_LIMIT_COUNT: positiveInt(5),
	RATE_LIMIT_WINDOW_SECONDS: positiveInt(30),
	FEEDBACK_FILE: z.string().trim().min(1).default('feedback.jsonl'),
	/** Unset: a key derived from DISCORD_TOKEN, so the hashes stay stable until the token is reset. */
	FEEDBACK_SALT: optionalString,
	/** Unset: one process. auto or a count: discord.js's ShardingManager starts one process per shard. */
	SHARDS: optionalString.pipe(
		z
			.string()
			.regex(/^(?:auto|[1-9]\d*)$/u, 'must be auto or a number of shards')
			.transform((value) => (value === 'auto' ? value : Number(value)))
			.optional(),
	),
});

export type EngineConfig = z.infer<typeof engineSchema>;
export type BotConfig = z.infer<typeof botSchema>;
export type StateConfig = z.infer<typeof stateSchema>;

type Env = Record<string, string | undefined>;

/** DATABASE_URL is needed exactly when the index lives in Postgres. */
function requireDatabaseUrl(
	config: Pick<EngineConfig, 'INDEX_BACKEND' | 'DATABASE_URL'>,
	context: z.RefinementCtx,
): void {
	if (config.INDEX_BACKEND === 'postgres' && config.DATABASE_URL === undefined) {
		context.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when INDEX_BACKEND=postgres' });
	}
}

/** Every shard must read one index: with a directory per process, a /reindex would update one shard only. */
function requireSharedIndex(config: BotConfig, context: z.RefinementCtx): void {
	if (config.SHARDS !== undefined && config.INDEX_BACKEND !== 'postgres') {
		context.addIssue({
			code: 'custom',
			path: ['SHARDS'],
			message: 'needs INDEX_BACKEND=postgres, so that every shard reads one index',
		});
	}
}

function parse<Schema extends z.ZodType>(schema: Schema, env: Env, hint: string): z.infer<Schema> {
	const result = schema.safeParse(env);
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => {
		const key = issue.path.join('.');
		const what = (env[key] === undefined || env[key] === '') && issue.code !== 'custom' ? 'is missing' : issue.message;
		return `- ${key} ${what}: set it in .env (see the ${key}= line of .env.example)`;
	});
	throw new AppError('CONFIG_INVALID', `Configuration problems:\n${problems.join('\n')}${hint}`);
}

/**
 * Reads the engine's settings from the environment.
 * @throws AppError('CONFIG_INVALID') listing every problem.
 */
export function loadEngineConfig(env: Env = process.env): EngineConfig {
	return parse(engineSchema.superRefine(requireDatabaseUrl), env, '');
}

/** Whether this process is one shard that discord.js's ShardingManager started. */
export function isShardProcess(env: Env = process.env): boolean {
	return env.SHARDING_MANAGER === 'true';
}

/**
 * Reads where the bot's state lives from the environment.
 * @throws AppError('CONFIG_INVALID') listing every problem.
 */
export function loadStateConfig(env: Env = process.env): StateConfig {
	return parse(stateSchema.superRefine(requireDatabaseUrl), env, '');
}

/**
 * The part of the bot this process serves, stable across its restarts: its shard (discord.js's ShardingManager gives a
 * shard process its id in SHARDS) or the whole bot.
 */
export function processRole(env: Env = process.env): string {
	return isShardProcess(env) ? `shard ${env.SHARDS ?? '0'}` : 'bot';
}

/**
 * Reads the bot's settings from the environment.
 * @throws AppError('CONFIG_INVALID') listing every problem, with a pointer to the CLI for trying the engine without Discord.
 */
export function loadBotConfig(env: Env = process.env): BotConfig {
	// In a process the ShardingManager started, SHARDS holds discord.js's shard ids for the client, not this setting.
	const own = isShardProcess(env) ? { ...env, SHARDS: undefined } : env;
	return parse(
		botSchema.superRefine(requireDatabaseUrl).superRefine(requireSharedIndex),
		own,
		'\nTo try the answer engine without Discord, run: npm run ask -- "your question"',
	);
}
