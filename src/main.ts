import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { composerFactory } from './answer/composerFactory.ts';
import { isShardProcess, loadBotConfig, processRole, type BotConfig } from './config.ts';
import { createCondenser } from './conversation/createCondenser.ts';
import { loggableError } from './discord/errorBoundary.ts';
import { loadCommands } from './discord/loadCommands.ts';
import { startBot } from './discord/startBot.ts';
import { startShards } from './discord/startShards.ts';
import { createEmbeddings } from './embeddings/createEmbeddings.ts';
import { openBackendEngine } from './engine/openBackendEngine.ts';
import { isAppError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { openAnswerStore } from './state/openAnswerStore.ts';

const PROGRESS_LOG_EVERY_MS = 5_000;

function readConfig(): BotConfig {
	loadDotenv({ quiet: true });
	try {
		return loadBotConfig();
	} catch (error) {
		if (!isAppError(error, 'CONFIG_INVALID')) throw error;
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}
}

function logProgress(logger: Logger): (done: number, total: number) => void {
	let last = 0;
	return (done, total) => {
		if (done < total && Date.now() - last < PROGRESS_LOG_EVERY_MS) return;
		last = Date.now();
		logger.info({ done, total }, 'index.building');
	};
}

/** Last resort: a stray rejection is logged and the bot keeps serving; an uncaught exception leaves no safe state. */
function logStrayErrors(logger: Logger): void {
	process.on('unhandledRejection', (reason) =>
		logger.error({ err: loggableError(reason) }, 'process.unhandled_rejection'),
	);
	process.on('uncaughtException', (error) => {
		logger.fatal({ err: loggableError(error) }, 'process.uncaught_exception');
		process.exit(1);
	});
}

/** With SHARDS set, this process only supervises: one child per shard runs the bot. */
async function superviseShards(config: BotConfig, logger: Logger): Promise<void> {
	const shards = await startShards(config, fileURLToPath(import.meta.url), logger);
	logger.info({ shards: shards.count }, 'shards.started');
	const shutdown = (signal: NodeJS.Signals): void => {
		logger.info({ signal }, 'shards.shutdown_requested');
		shards.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

async function main(): Promise<void> {
	const config = readConfig();
	const logger = createLogger(config.LOG_LEVEL ?? 'info');
	logStrayErrors(logger);
	if (config.SHARDS !== undefined && !isShardProcess()) return superviseShards(config, logger);
	const composer = composerFactory(config, logger);
	const condenser = createCondenser(config, logger);
	const embeddings = await createEmbeddings(config, logger);
	try {
		const answers = await openAnswerStore(config, logger, processRole());
		const { engine, close } = await openBackendEngine(config, {
			corpusDir: config.CORPUS_DIR,
			indexDir: config.INDEX_DIR,
			embeddings,
			logger,
			onProgress: logProgress(logger),
			composer,
		});
		const bot = await startBot(config, { engine, commands: await loadCommands(), logger, answers, condenser });
		let stopping = false;
		const shutdown = (signal: NodeJS.Signals): void => {
			if (stopping) {
				logger.warn({ signal }, 'bot.shutdown_forced');
				process.exit(1);
			}
			logger.info({ signal }, 'bot.shutdown_requested');
			stopping = true;
			bot
				.stop()
				.then(() => answers.close())
				.then(close)
				.then(() => embeddings.close())
				.then(
					() => process.exit(0),
					(error: unknown) => {
						logger.fatal({ err: error }, 'bot.shutdown_failed');
						process.exit(1);
					},
				);
		};
		process.on('SIGINT', shutdown);
		process.on('SIGTERM', shutdown);
	} catch (error) {
		logger.fatal({ err: error }, 'bot.start_failed');
		await embeddings.close();
		process.exit(1);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${isAppError(error) ? error.message : ((error as Error).stack ?? String(error))}\n`);
	process.exit(1);
});
