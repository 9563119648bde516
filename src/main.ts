import { config as loadDotenv } from 'dotenv';
import { loadBotConfig, type BotConfig } from './config.ts';
import { loadCommands } from './discord/loadCommands.ts';
import { startBot } from './discord/startBot.ts';
import { createEmbeddings } from './embeddings/createEmbeddings.ts';
import { openEngine } from './engine/openEngine.ts';
import { isAppError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';

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

async function main(): Promise<void> {
	const config = readConfig();
	const logger = createLogger(config.LOG_LEVEL ?? 'info');
	const embeddings = await createEmbeddings(config, logger);
	try {
		const engine = await openEngine({
			corpusDir: config.CORPUS_DIR,
			indexDir: config.INDEX_DIR,
			embeddings,
			logger,
			onProgress: logProgress(logger),
		});
		const bot = await startBot(config, { engine, commands: await loadCommands(), logger });
		let stopping = false;
		const shutdown = (signal: NodeJS.Signals): void => {
			logger.info({ signal, alreadyStopping: stopping }, 'bot.shutdown_requested');
			if (stopping) return;
			stopping = true;
			bot
				.stop()
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
