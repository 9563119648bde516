import { config as loadDotenv } from 'dotenv';
import { loadStateConfig } from '../config.ts';
import { buildReport, formatReport } from '../report/buildReport.ts';
import { parseSince } from '../report/parseSince.ts';
import { SqliteAnswerStore } from '../state/SqliteAnswerStore.ts';
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
	// The report only reads, so it hashes no user id and needs no key.
	const store = SqliteAnswerStore.open({
		dataDir: config.DATA_DIR,
		userKey: Buffer.alloc(0),
		retentionDays: config.ANSWER_RETENTION_DAYS,
	});
	try {
		const { answers, looseVotes } = await store.activity(since);
		const report = buildReport(since, answers, looseVotes);
		process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
	} finally {
		store.close();
	}
});
