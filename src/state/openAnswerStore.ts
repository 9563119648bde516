import type { BotConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AnswerStore } from './AnswerStore.ts';
import { readFeedbackLog } from './readFeedbackLog.ts';
import { SqliteAnswerStore } from './SqliteAnswerStore.ts';
import { userHashKey } from './userHash.ts';

export type StoreSettings = Pick<
	BotConfig,
	'DATA_DIR' | 'ANSWER_RETENTION_DAYS' | 'FEEDBACK_FILE' | 'FEEDBACK_SALT' | 'DISCORD_TOKEN'
>;

/**
 * Opens the bot's database under DATA_DIR; on its first start it imports the votes of the old feedback file.
 * @throws AppError('STATE_UNAVAILABLE') saying how to fix a damaged or locked database.
 */
export async function openAnswerStore(settings: StoreSettings, logger: Logger): Promise<AnswerStore> {
	const legacy = await readFeedbackLog(settings.FEEDBACK_FILE);
	for (const { line, reason } of legacy?.skipped ?? []) {
		logger.warn({ file: settings.FEEDBACK_FILE, line, reason }, 'feedback.line_skipped');
	}
	const store = SqliteAnswerStore.open({
		dataDir: settings.DATA_DIR,
		userKey: userHashKey(settings.FEEDBACK_SALT, settings.DISCORD_TOKEN),
		retentionDays: settings.ANSWER_RETENTION_DAYS,
		...(legacy === undefined ? {} : { legacyVotes: legacy.votes }),
	});
	logger.info({ dataDir: settings.DATA_DIR, retentionDays: settings.ANSWER_RETENTION_DAYS }, 'state.opened');
	return store;
}
