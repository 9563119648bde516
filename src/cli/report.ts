import { config as loadDotenv } from 'dotenv';
import { loadStateConfig } from '../config.ts';
import { buildReport, formatReport } from '../report/buildReport.ts';
import { parseSince } from '../report/parseSince.ts';
import { openAnswerStoreForReport } from '../state/openAnswerStore.ts';
import { parseFlags, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run report -- [--since 7d] [--json]
What the team asked the bot: questions, the share answered, in the middle band and not covered, 👍/👎 per answer,
the most-cited articles and the questions most often refused (the articles the corpus is missing).
  --since AGE  only questions asked in the last AGE (30m, 24h, 7d) or since a date (2026-01-31); default: all kept
  --json       the same data as JSON`;

const FLAGS = { since: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	loadDotenv({ quiet: true });
	const config = loadStateConfig();
	const since = parseSince(values.since, Date.now());
	// The bot's store: SQLite under DATA_DIR, or the shared database with INDEX_BACKEND=postgres.
	const store = await openAnswerStoreForReport(config);
	try {
		const { answers, looseVotes } = await store.activity(since);
		const report = buildReport(since, answers, looseVotes);
		process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
	} finally {
		await store.close();
	}
});
