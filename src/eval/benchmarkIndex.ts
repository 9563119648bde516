import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { Article } from '../corpus/types.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import type { CliContext } from '../cli/cliContext.ts';
import type { LoadedIndex } from '../store/indexDirectory.ts';

export interface BenchmarkIndex {
	readonly index: LoadedIndex;
	readonly articles: readonly Article[];
}

/** Where a benchmark corpus's index is kept between runs: outside the repository, rebuilt only when stale. */
export function benchmarkIndexDir(name: string): string {
	return path.join(tmpdir(), 'footnote-benchmarks', `${name}-index`);
}

/** The index of a benchmark corpus (built, or reused when its files are unchanged) and its cleaned articles. */
export async function openBenchmarkIndex(
	context: Pick<CliContext, 'embeddings' | 'logger'>,
	corpusDir: string,
	name: string,
	onProgress?: (done: number, total: number) => void,
): Promise<BenchmarkIndex> {
	const { articles } = await loadCorpus(corpusDir);
	const { index } = await ingestCorpus({
		...context,
		corpusDir,
		indexDir: benchmarkIndexDir(name),
		...(onProgress ? { onProgress } : {}),
	});
	return { index, articles };
}
