import { performance } from 'node:perf_hooks';
import type { CorpusProblem } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { joinIngest } from '../ingest/pgIngestWorker.ts';
import { updateIndex, type IndexUpdate } from '../ingest/updateIndex.ts';
import { updatePgIndex } from '../ingest/updatePgIndex.ts';
import { holderId } from '../store/postgres/holderId.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { openPool } from '../store/postgres/pgPool.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli, type CliContext } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--worker [--wait SECONDS]]
Builds or updates the index of the corpus. Unchanged files and rows are not embedded again.
  --corpus DIR    articles to index (.txt, .md, .markdown, .html, .htm, .pdf, .docx, .jsonl, .ndjson, .json, .csv,
                  .xml, .rss, .atom); default CORPUS_DIR or seeds/
  --index DIR     where the index is written; default INDEX_DIR or index/ (INDEX_BACKEND=local)
  --worker        with INDEX_BACKEND=postgres: join a running ingest of the shared index and embed articles from its
                  queue until it is empty; every worker needs the same embedding settings (the queue holds the text)
  --wait SECONDS  how long a worker waits for an ingest to join; default 60`;

const FLAGS = {
	...CORPUS_FLAGS,
	worker: { type: 'boolean' },
	wait: { type: 'string' },
} as const;

/** Rows and copies past this many are counted, not listed: a large export can skip thousands. */
const LISTED_PER_KIND = 20;

function printSkipped(problems: readonly Pick<CorpusProblem, 'file' | 'reason'>[]): void {
	const files = problems.filter((problem) => !problem.file.includes('#') && !problem.file.includes(' ('));
	const parts = problems.filter((problem) => !files.includes(problem));
	for (const problem of files) console.log(`Skipped ${problem.file}: ${problem.reason}`);
	for (const problem of parts.slice(0, LISTED_PER_KIND)) console.log(`Skipped ${problem.file}: ${problem.reason}`);
	if (parts.length > LISTED_PER_KIND) {
		console.log(`… and ${parts.length - LISTED_PER_KIND} more rows or copies not indexed.`);
	}
}

function report(result: IndexUpdate): void {
	printSkipped(result.problems);
	if (result.rebuiltBecause !== undefined) console.log(`Rebuilt every file: ${result.rebuiltBecause}`);
	const counts = `${result.files} articles, ${result.passages} passages`;
	if (!result.written) {
		console.log(`Index is up to date (${counts}); nothing needed embedding. ${result.seconds.toFixed(1)} s.`);
	} else {
		console.log(
			`Indexed ${counts}: embedded ${result.embedded}, reused ${result.reused}, removed ${result.removed} article(s) ` +
				`in ${result.seconds.toFixed(1)} s.`,
		);
	}
}

async function ingestShared(context: CliContext, databaseUrl: string, worker: boolean, waitSeconds: number) {
	const pool = openPool(databaseUrl);
	try {
		await migrate(pool);
		if (!worker) {
			process.stderr.write(`Indexing ${context.corpusDir} into the shared index with ${context.embeddings.modelId}\n`);
			report(await updatePgIndex({ ...context, pool, onProgress: progressReporter('Articles indexed') }));
			return;
		}
		process.stderr.write(`Waiting up to ${waitSeconds} s for an ingest of the shared index to join\n`);
		const started = performance.now();
		const done = await joinIngest({ ...context, pool, holder: holderId('worker') }, waitSeconds * 1_000);
		if (!done) {
			console.log(`No ingest with articles left to embed started within ${waitSeconds} s.`);
			return;
		}
		const seconds = (performance.now() - started) / 1_000;
		console.log(
			`Worker indexed ${done.articles} article(s), ${done.sentences} sentences, for generation ${done.generation} ` +
				`in ${seconds.toFixed(1)} s.`,
		);
	} finally {
		await pool.end();
	}
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const waitSeconds = values.wait === undefined ? 60 : Number(values.wait);
	if (!(Number.isFinite(waitSeconds) && waitSeconds >= 0)) {
		throw new AppError('INPUT_INVALID', `--wait must be a number of seconds, not ${values.wait}.`);
	}
	const context = await createCliContext(values, 'documents');
	try {
		const { INDEX_BACKEND, DATABASE_URL } = context.config;
		if (INDEX_BACKEND === 'postgres' && DATABASE_URL !== undefined) {
			await ingestShared(context, DATABASE_URL, values.worker === true, waitSeconds);
			return;
		}
		if (values.worker) {
			throw new AppError(
				'INPUT_INVALID',
				'--worker needs INDEX_BACKEND=postgres and DATABASE_URL: workers share one index.',
			);
		}
		process.stderr.write(`Indexing ${context.corpusDir} into ${context.indexDir} with ${context.embeddings.modelId}\n`);
		report(await updateIndex({ ...context, onProgress: progressReporter('Embedding sentences') }));
	} finally {
		await context.embeddings.close();
	}
});
