import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngineConfig } from '../../src/config.ts';
import type { Command } from '../../src/discord/Command.ts';
import { loadCommands } from '../../src/discord/loadCommands.ts';
import { startBot, type BotSettings, type RunningBot } from '../../src/discord/startBot.ts';
import { createEmbeddings } from '../../src/embeddings/createEmbeddings.ts';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { openEngine } from '../../src/engine/openEngine.ts';
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
	/** Private addresses /add may fetch from, such as the loopback server a test serves pages from. */
	readonly fetchAllowed?: readonly string[];
}

/** The real bot, engine and embedding model over a temporary copy of the seeds, connected to a fake Discord in another process. */
export async function startBotHarness({
	extraCommands = [],
	extraArticles = {},
	wrapEngine = (engine) => engine,
	fetchAllowed = [],
}: HarnessOptions = {}): Promise<BotHarness> {
	const forking = ForkedFakeDiscord.start();
	const dir = await mkdtemp(join(tmpdir(), 'footnote-bot-'));
	const corpusDir = join(dir, 'corpus');
	await cp(SEEDS, corpusDir, { recursive: true });
	for (const [file, text] of Object.entries(extraArticles)) await writeFile(join(corpusDir, file), text);
	const { logger, lines } = captureLogger();
	const embeddings = await createEmbeddings(loadEngineConfig({}), logger);
	const engine = wrapEngine(await openEngine({ corpusDir, indexDir: join(dir, 'index'), embeddings, logger }));
	const fake = await forking;
	const settings: BotSettings = {
		DISCORD_TOKEN: TOKEN,
		DISCORD_API_BASE: fake.apiBase,
		RATE_LIMIT_COUNT: 5,
		RATE_LIMIT_WINDOW_SECONDS: 30,
		FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
		FETCH_ALLOWED_ADDRESSES: [...fetchAllowed],
	};
	const bot = await startBot(settings, { engine, commands: [...(await loadCommands()), ...extraCommands], logger });
	return {
		fake,
		bot,
		engine,
		settings,
		dir,
		logs: lines,
		async close() {
			await bot.stop();
			await embeddings.close();
			await fake.close();
			await rm(dir, { recursive: true, force: true });
		},
	};
}
