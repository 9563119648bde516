import { parseArgs, type ParseArgsConfig } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { loadEngineConfig, type EngineConfig } from '../config.ts';
import { createEmbeddings, type EmbeddingsUse } from '../embeddings/createEmbeddings.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { isAppError } from '../errors.ts';
import { createLogger, type Logger } from '../logger.ts';

export const CORPUS_FLAGS = {
	corpus: { type: 'string' },
	index: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export interface CliContext {
	readonly config: EngineConfig;
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly logger: Logger;
	readonly embeddings: EmbeddingModel;
}

/** Parses flags, or prints usage and exits on --help or a flag it does not know. */
export function parseFlags<Options extends NonNullable<ParseArgsConfig['options']>>(options: Options, usage: string) {
	try {
		const parsed = parseArgs({ options, allowPositionals: true, strict: true });
		if ((parsed.values as { help?: boolean }).help) {
			process.stdout.write(`${usage}\n`);
			process.exit(0);
		}
		return parsed;
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
		process.exit(2);
	}
}

/** Loads .env and the engine's settings (flags win over the environment), the logger and the embedding model. */
export async function createCliContext(
	flags: { corpus?: string | undefined; index?: string | undefined },
	use: EmbeddingsUse = 'queries',
): Promise<CliContext> {
	loadDotenv({ quiet: true });
	const config = loadEngineConfig();
	const logger = createLogger(config.LOG_LEVEL ?? 'error');
	const embeddings = await createEmbeddings(config, logger, use);
	return {
		config,
		corpusDir: flags.corpus ?? config.CORPUS_DIR,
		indexDir: flags.index ?? config.INDEX_DIR,
		logger,
		embeddings,
	};
}

/** Runs a CLI entry point: expected errors print their message, anything else its stack; exit code 1. */
export function runCli(main: () => Promise<void>): void {
	main().then(
		() => process.exit(process.exitCode ?? 0),
		(error: unknown) => {
			process.stderr.write(`${isAppError(error) ? error.message : ((error as Error).stack ?? String(error))}\n`);
			process.exit(1);
		},
	);
}
