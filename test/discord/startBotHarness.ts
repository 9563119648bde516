import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composerFactory } from '../../src/answer/composerFactory.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { createCondenser } from '../../src/conversation/createCondenser.ts';
import type { Command } from '../../src/discord/Command.ts';
import { loadCommands } from '../../src/discord/loadCommands.ts';
import { startBot, type BotSettings, type RunningBot } from '../../src/discord/startBot.ts';
import { createEmbeddings } from '../../src/embeddings/createEmbeddings.ts';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { openEngine } from '../../src/engine/openEngine.ts';
import type { AnswerStore } from '../../src/state/AnswerStore.ts';
import { openAnswerStore } from '../../src/state/openAnswerStore.ts';
import { captureLogger } from './captureLogger.ts';
import { TOKEN } from './fakeDiscord.ts';
import { ForkedFakeDiscord } from './forkFakeDiscord.ts';

const SEEDS = new URL('../../seeds/', import.meta.url);

export interface BotHarness {
	readonly fake: ForkedFakeDiscord;
	readonly bot: RunningBot;
	readonly engine: ReindexableEngine;
	readonly settings: BotSettings;
	readonly dir: string;
	/** Where the bot's database is. */
	readonly dataDir: string;
	readonly answers: AnswerStore;
	readonly logs: Record<string, unknown>[];
	close(): Promise<void>;
}

export interface HarnessOptions {
	/** Commands added to those in `commands/`, e.g. one that fails on purpose. */
	readonly extraCommands?: readonly Command[];
	/** Articles written into the temporary corpus next to a copy of `seeds/`. */
	readonly extraArticles?: Readonly<Record<string, string>>;
	/** Stands in for parts of the real engine, e.g. to make a rebuild slow or a question fail. */
	readonly wrapEngine?: (engine: ReindexableEngine) => ReindexableEngine;
	/** Engine settings as environment variables, e.g. COMPOSER=llm and the LLM_* keys. */
	readonly env?: Readonly<Record<string, string>>;
	/** Private addresses /add may fetch from, such as the loopback server a test serves pages from. */
	readonly fetchAllowed?: readonly string[];
}

/** The real bot, engine and embedding model over a temporary copy of the seeds, connected to a fake Discord in another process. */
export async function startBotHarness({
	extraCommands = [],
	extraArticles = {},
	wrapEngine = (engine) => engine,
	env = {},
	fetchAllowed = [],
}: HarnessOptions = {}): Promise<BotHarness> {
	const forking = ForkedFakeDiscord.start();
	const dir = await mkdtemp(join(tmpdir(), 'footnote-bot-'));
	const corpusDir = join(dir, 'corpus');
	await cp(SEEDS, corpusDir, { recursive: true });
	for (const [file, text] of Object.entries(extraArticles)) await writeFile(join(corpusDir, file), text);
	const { logger, lines } = captureLogger();
	const config = loadEngineConfig(env);
	const embeddings = await createEmbeddings(config, logger);
	const composer = composerFactory(config, logger);
	const engine = wrapEngine(
		await openEngine({ corpusDir, indexDir: join(dir, 'index'), embeddings, logger, composer }),
	);
	const fake = await forking;
	const settings: BotSettings = {
		DISCORD_TOKEN: TOKEN,
		DISCORD_API_BASE: fake.apiBase,
		RATE_LIMIT_COUNT: 5,
		RATE_LIMIT_WINDOW_SECONDS: 30,
		FETCH_ALLOWED_ADDRESSES: [...fetchAllowed],
	};
	const dataDir = join(dir, 'data');
	const answers = await openAnswerStore(
		{
			DATA_DIR: dataDir,
			ANSWER_RETENTION_DAYS: 90,
			FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
			FEEDBACK_SALT: undefined,
			DISCORD_TOKEN: TOKEN,
		},
		logger,
	);
	const commands = [...(await loadCommands()), ...extraCommands];
	const bot = await startBot(settings, {
		engine,
		commands,
		logger,
		answers,
		condenser: createCondenser(config, logger),
	});
	return {
		fake,
		bot,
		engine,
		settings,
		dir,
		dataDir,
		answers,
		logs: lines,
		async close() {
			await bot.stop();
			await answers.close();
			await embeddings.close();
			await fake.close();
			await rm(dir, { recursive: true, force: true });
		},
	};
}
