import { updateIndex } from '../ingest/updateIndex.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, progressReporter, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR]
Builds or updates the index of the corpus. Unchanged files are not embedded again.
  --corpus DIR  articles to index (.txt, .md, .html); default CORPUS_DIR or seeds/
  --index DIR   where the index is written; default INDEX_DIR or index/`;

runCli(async () => {
	const { values } = parseFlags(CORPUS_FLAGS, USAGE);
	const context = await createCliContext(values, 'documents');
	try {
		process.stderr.write(`Indexing ${context.corpusDir} into ${context.indexDir} with ${context.embeddings.modelId}\n`);
		const result = await updateIndex({ ...context, onProgress: progressReporter('Embedding sentences') });
		for (const problem of result.problems) console.log(`Skipped ${problem.file}: ${problem.reason}`);
		if (result.rebuiltBecause !== undefined) console.log(`Rebuilt every file: ${result.rebuiltBecause}`);
		const counts = `${result.files} files, ${result.passages} passages`;
		if (!result.written) {
			console.log(`Index is up to date (${counts}); nothing needed embedding. ${result.seconds.toFixed(1)} s.`);
		} else {
			console.log(
				`Indexed ${counts}: embedded ${result.embedded}, reused ${result.reused}, removed ${result.removed} file(s) ` +
					`in ${result.seconds.toFixed(1)} s.`,
			);
		}
	} finally {
		await context.embeddings.close();
	}
});
