import type { CorpusProblem } from '../corpus/types.ts';
import { updateIndex } from '../ingest/updateIndex.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR]
Builds or updates the index of the corpus. Unchanged files and rows are not embedded again.
  --corpus DIR  articles to index (.txt, .md, .markdown, .html, .htm, .pdf, .docx, .jsonl, .ndjson, .json, .csv,
                .xml, .rss, .atom); default CORPUS_DIR or seeds/
  --index DIR   where the index is written; default INDEX_DIR or index/`;

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

runCli(async () => {
	const { values } = parseFlags(CORPUS_FLAGS, USAGE);
	const context = await createCliContext(values, 'documents');
	try {
		process.stderr.write(`Indexing ${context.corpusDir} into ${context.indexDir} with ${context.embeddings.modelId}\n`);
		const result = await updateIndex({ ...context, onProgress: progressReporter('Embedding sentences') });
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
	} finally {
		await context.embeddings.close();
	}
});
