import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORPUS_CONFIG_FILE } from '../corpus/corpusConfig.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { runJob } from './childProcess.ts';
import type { IngestJobResult, IngestJobSpec } from './jobs/ingestJob.ts';
import { peakRssMb } from './resources.ts';
import { sotuAddresses } from './sotuCorpus.ts';

/** Sentences per generated article: SOTU addresses have no paragraph breaks, so excerpts stand in for articles. */
export const SENTENCES_PER_ARTICLE = 3;
const OUTLETS = ['The Herald', 'The Tribune', 'Daily Courier', 'Evening Post', 'The Ledger'];
export const ROWS_FILE = 'rows.jsonl';

export interface RowCorpusPlan {
	readonly rows: number;
	/** Share of rows that are copies of another row, as an outlet reprints a wire story. */
	readonly copyShare: number;
}

export interface RowCorpus {
	readonly file: string;
	readonly bytes: number;
	readonly originals: number;
	/** URLs of the planted copies. */
	readonly copies: ReadonlySet<string>;
}

/** Consecutive runs of sentences from every address, oldest first. */
function excerpts(count: number): { text: string; title: string }[] {
	const result: { text: string; title: string }[] = [];
	for (const address of sotuAddresses()) {
		const sentences = address.text.split(/(?<=[.!?])\s+(?=[A-Z"])/u).filter((sentence) => sentence.length > 40);
		for (let i = 0; i + SENTENCES_PER_ARTICLE <= sentences.length; i += SENTENCES_PER_ARTICLE) {
			result.push({
				text: sentences.slice(i, i + SENTENCES_PER_ARTICLE).join(' '),
				title: `${address.name}, ${address.year}, part ${i / SENTENCES_PER_ARTICLE + 1}`,
			});
			if (result.length === count) return result;
		}
	}
	throw new Error(`The SOTU addresses hold fewer than ${count} excerpts of ${SENTENCES_PER_ARTICLE} sentences`);
}

/**
 * Writes a JSONL export of `rows` articles, `copyShare` of them copies of earlier rows under another outlet's name,
 * with the wire credit and a tagline an outlet adds, and one word changed: what syndication looks like in a CMS export.
 */
export async function writeRowCorpus(dir: string, plan: RowCorpusPlan): Promise<RowCorpus> {
	await mkdir(dir, { recursive: true });
	const copies = Math.round(plan.rows * plan.copyShare);
	const originals = excerpts(plan.rows - copies);
	const file = path.join(dir, ROWS_FILE);
	const out = createWriteStream(file);
	const write = (row: object): void => {
		out.write(`${JSON.stringify(row)}\n`);
	};
	originals.forEach((excerpt, i) =>
		write({
			id: `wire-${i}`,
			url: `https://wire.example/${i}`,
			headline: excerpt.title,
			body: excerpt.text,
			source: 'Wire',
		}),
	);
	const planted = new Set<string>();
	for (let j = 0; j < copies; j++) {
		const original = originals[(j * 7_919) % originals.length];
		if (!original) continue;
		const url = `https://outlet${j % OUTLETS.length}.example/${j}`;
		planted.add(url);
		const edited = original.text.replace(/\bthe\b/u, 'this');
		write({
			url,
			headline: original.title,
			body: `(Wire) — ${edited}\n\nThis story was distributed by a news agency.`,
			source: OUTLETS[j % OUTLETS.length],
		});
	}
	await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
	return { file, bytes: (await stat(file)).size, originals: originals.length, copies: planted };
}

export interface CopyDetection {
	readonly loadSeconds: number;
	readonly articles: number;
	readonly planted: number;
	/** Planted copies found. */
	readonly found: number;
	/** Rows called copies that were not planted ones. */
	readonly falseCopies: number;
	/** Peak resident set size of this process after reading the export (it holds no model). */
	readonly peakRssMb: number;
}

/** Reads, cleans and de-duplicates the export (no embedding), and scores the copies found against the planted ones. */
export async function measureCopyDetection(dir: string, corpus: RowCorpus): Promise<CopyDetection> {
	const started = performance.now();
	const { articles, problems } = await loadCorpus(dir);
	const loadSeconds = (performance.now() - started) / 1_000;
	const called = problems
		.filter((problem) => problem.reason.startsWith('a copy of'))
		.map((problem) => problem.file.slice(ROWS_FILE.length + 1));
	return {
		loadSeconds,
		articles: articles.length,
		planted: corpus.copies.size,
		found: called.filter((url) => corpus.copies.has(url)).length,
		falseCopies: called.filter((url) => !corpus.copies.has(url)).length,
		peakRssMb: peakRssMb(),
	};
}

export interface IngestRun {
	readonly seconds: number;
	/** Articles indexed (a collapsed copy is not one). */
	readonly articles: number;
	readonly embeddedSentences: number;
	/** Seconds from the first embedded batch's start to the last's end. */
	readonly embedSeconds: number;
	/** Peak resident set size of the ingest's own process, worker threads included. */
	readonly peakRssMb: number;
	/** One-minute load average at the start and at the end of the ingest. */
	readonly loadAverage: readonly [number, number];
}

/**
 * A full ingest of the corpus directory into a fresh index, every copy kept or collapsed, in its own process (as
 * `npm run ingest` runs, so that its peak memory is its own).
 */
export async function timeIngest(corpusDir: string, indexDir: string, copies: 'collapse' | 'keep'): Promise<IngestRun> {
	await writeFile(path.join(corpusDir, CORPUS_CONFIG_FILE), JSON.stringify({ syndicatedCopies: copies }));
	const spec: IngestJobSpec = {
		label: `copies ${copies === 'keep' ? 'kept' : 'collapsed'}`,
		corpusDir,
		indexDir,
		modelTexts: [],
		sortedTexts: [],
	};
	const { result } = await runJob<IngestJobResult>('ingest', spec);
	return {
		seconds: result.ingestMs / 1_000,
		articles: result.files,
		embeddedSentences: result.embeddedSentences,
		embedSeconds: result.embedMs / 1_000,
		peakRssMb: result.peakRssMb,
		loadAverage: result.loadAverage,
	};
}
