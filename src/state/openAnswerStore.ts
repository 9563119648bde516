import type { BotConfig, StateConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openPool } from '../store/postgres/pgPool.ts';
import type { AnswerStore } from './AnswerStore.ts';
import { PgAnswerStore } from './PgAnswerStore.ts';
import { readFeedbackLog, type FeedbackLine } from './readFeedbackLog.ts';
import { SqliteAnswerStore } from './SqliteAnswerStore.ts';
import { userHashKey } from './userHash.ts';

/** Where the state lives; without INDEX_BACKEND, under DATA_DIR. */
export type StateSettings = Pick<StateConfig, 'DATA_DIR' | 'ANSWER_RETENTION_DAYS'> &
	Partial<Pick<StateConfig, 'INDEX_BACKEND' | 'DATABASE_URL'>>;
export type StoreSettings = StateSettings & Pick<BotConfig, 'FEEDBACK_FILE' | 'FEEDBACK_SALT' | 'DISCORD_TOKEN'>;

/** The state's connections: its statements are few and short, beside the index's pool. */
const STATE_POOL_SIZE = 2;

interface Opening {
	readonly userKey: Buffer;
	/** The part of the bot this process serves (see processRole). */
	readonly owner: string;
	readonly legacyVotes?: readonly FeedbackLine[];
}

/** SQLite under DATA_DIR, or with INDEX_BACKEND=postgres the database that holds the shared index. */
async function openBackend(settings: StateSettings, opening: Opening): Promise<AnswerStore> {
	const common = { retentionDays: settings.ANSWER_RETENTION_DAYS, userKey: opening.userKey };
	const legacy = opening.legacyVotes === undefined ? {} : { legacyVotes: opening.legacyVotes };
	if (settings.INDEX_BACKEND === 'postgres' && settings.DATABASE_URL !== undefined) {
		return PgAnswerStore.open({
			pool: openPool(settings.DATABASE_URL, STATE_POOL_SIZE),
			owner: opening.owner,
			...common,
			...legacy,
		});
	}
	return SqliteAnswerStore.open({ dataDir: settings.DATA_DIR, ...common, ...legacy });
}

/**
 * Opens the bot's database; on its first start it imports the votes of the old feedback file.
 * @throws AppError('STATE_UNAVAILABLE') saying how to fix a damaged, locked or unreachable database.
 */
export async function openAnswerStore(settings: StoreSettings, logger: Logger, owner = 'bot'): Promise<AnswerStore> {
	const legacy = await readFeedbackLog(settings.FEEDBACK_FILE);
	for (const { line, reason } of legacy?.skipped ?? []) {
		logger.warn({ file: settings.FEEDBACK_FILE, line, reason }, 'feedback.line_skipped');
	}
	const store = await openBackend(settings, {
		userKey: userHashKey(settings.FEEDBACK_SALT, settings.DISCORD_TOKEN),
		owner,
		...(legacy === undefined ? {} : { legacyVotes: legacy.votes }),
	});
	logger.info(
		settings.INDEX_BACKEND === 'postgres'
			? { backend: 'postgres', owner, retentionDays: settings.ANSWER_RETENTION_DAYS }
			: { dataDir: settings.DATA_DIR, retentionDays: settings.ANSWER_RETENTION_DAYS },
		'state.opened',
	);
	return store;
}

/**
 * Opens the bot's database for `npm run report`, which only reads: it hashes no user id, so it needs no key.
 * @throws AppError('STATE_UNAVAILABLE') as openAnswerStore does.
 */
export async function openAnswerStoreForReport(settings: StateSettings): Promise<AnswerStore> {
	return openBackend(settings, { userKey: Buffer.alloc(0), owner: 'report' });
}
