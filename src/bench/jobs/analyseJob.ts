import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { createExtractiveComposer } from '../../answer/createExtractiveComposer.ts';
import { chunkArticle } from '../../corpus/chunkArticle.ts';
import { loadCorpus } from '../../corpus/loadCorpus.ts';
import { cachingQueries } from '../../embeddings/cachingQueries.ts';
import { createEmbeddings } from '../../embeddings/createEmbeddings.ts';
import { createEngine, type RetrievalSettings } from '../../engine/createEngine.ts';
import { isIndexFresh } from '../../ingest/isIndexFresh.ts';
import { HnswStore } from '../../store/HnswStore.ts';
import type { EmbeddingModel } from '../../embeddings/types.ts';
import type { Manifest } from '../../store/manifest.ts';
import { articlesOf, IndexDraft, readIndex, readManifest, type LoadedIndex } from '../../store/indexDirectory.ts';
import { LEXICAL_FILE, LexicalIndex } from '../../store/LexicalIndex.ts';
import { benchConfig } from '../benchConfig.ts';
import { note, recordingLogger } from '../benchLogger.ts';
import { watchEventLoop } from '../eventLoop.ts';
import { sweepFusion, type FusionPoint } from '../fusionSweep.ts';
import { firstHit, scoreRanks, type HitScores, type Needle } from '../needles.ts';
import { memorySnapshot, MB } from '../resources.ts';
import { summarise, type Summary } from '../stats.ts';

/** Writes a complete index the way the index build thread does, all at once on this thread, to time it. */
async function writeIndexAtomically(
	indexDir: string,
	parts: { manifest: Omit<Manifest, 'checksums'>; store: HnswStore; lexical: LexicalIndex },
): Promise<Manifest> {
	const draft = await IndexDraft.create(indexDir);
	try {
		await parts.store.save(draft.dir);
		await parts.lexical.write(path.join(draft.dir, LEXICAL_FILE));
		return await draft.commit(parts.manifest);
	} catch (error) {
		await draft.discard();
		throw error;
	}
}

/** The retrieval configurations compared on the needles: the product's default first. */
export const RETRIEVAL_CONFIGURATIONS: readonly (readonly [string, RetrievalSettings])[] = [
	['hybrid', { mode: 'hybrid', fusion: 'convex' }],
	['hybrid-rrf', { mode: 'hybrid', fusion: 'rrf' }],
	['vector', { mode: 'vector' }],
	['bm25', { mode: 'lexical' }],
];
/** Sentences the retriever asks hnswlib for: its 40 candidate passages times 3 sentences each. */
const RETRIEVAL_DEPTH = 120;
/** ef values whose recall is measured besides the store's own. */
const EF_SWEEP = [64, 128, 256] as const;

export interface AnalyseJobSpec {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly needles: readonly Needle[];
	readonly questions: readonly string[];
}

/** What one step cost: time, the longest it held the event loop, and resident memory after it. */
export interface StepCost {
	readonly name: string;
	readonly ms: number;
	readonly maxBlockMs: number;
	readonly rssMb: number;
	readonly rssDeltaMb: number;
	readonly detail?: string;
}

export interface AnalyseJobResult {
	readonly passages: number;
	readonly sentences: number;
	/** The product's load path, step by step, as `openEngine` and `readIndex` run it. */
	readonly load: readonly StepCost[];
	/** The non-embedding work of an ingest, repeated on the loaded index's own vectors. */
	readonly build: readonly StepCost[];
	readonly quality: Readonly<Record<string, HitScores>>;
	readonly hybridMisses: readonly { readonly question: string; readonly rank: number }[];
	/** Hybrid hit scores at other semantic weights, with lexical-only candidates bounded or scored exactly. */
	readonly fusion: readonly FusionPoint[];
	readonly recall: {
		readonly questions: number;
		readonly at10: number;
		readonly atDepth: number;
		readonly depth: number;
		readonly approximate: Summary;
		readonly exact: Summary;
		/** The same questions at other ef values, on a twin index built from the store's vectors. */
		readonly sweep: readonly RecallAt[];
	};
}

async function sha256(file: string): Promise<string> {
	return createHash('sha256')
		.update(await readFile(file))
		.digest('hex');
}

/** Where the time and memory of loading, building and searching an index go, and retrieval quality on the needles. */
export async function analyseJob(spec: AnalyseJobSpec): Promise<AnalyseJobResult> {
	const costs: StepCost[] = [];
	const step = async <T>(name: string, run: () => Promise<T> | T, detail?: (value: T) => string): Promise<T> => {
		const before = memorySnapshot().rssMb;
		const watch = watchEventLoop(name);
		const started = performance.now();
		const value = await run();
		const ms = performance.now() - started;
		const loop = await watch.stop();
		const rssMb = memorySnapshot().rssMb;
		costs.push({
			name,
			ms,
			maxBlockMs: loop.maxMs,
			rssMb,
			rssDeltaMb: rssMb - before,
			...(detail ? { detail: detail(value) } : {}),
		});
		return value;
	};

	const { logger } = recordingLogger();
	note('analyse: loading the index step by step');
	const embeddings = await step('model (USE lite, main thread)', () =>
		createEmbeddings(benchConfig(spec.corpusDir, spec.indexDir), logger),
	);
	try {
		const manifest = await step('manifest', () => readManifest(spec.indexDir));
		await step('corpus freshness (sha256 of corpus files)', () => isIndexFresh(spec.corpusDir, manifest));
		await step(
			'index checksums (sha256 of index files)',
			async () => {
				for (const name of Object.keys(manifest.checksums)) await sha256(path.join(spec.indexDir, name));
				return Object.keys(manifest.checksums).length;
			},
			(files) => `${files} files`,
		);
		const store = await step('vector store (hnsw.bin, passages.jsonl)', () =>
			HnswStore.load(spec.indexDir, embeddings),
		);
		const lexical = await step('lexical index (lexical.jsonl)', async () =>
			LexicalIndex.deserialize(await readFile(path.join(spec.indexDir, LEXICAL_FILE), 'utf8'), store.passages),
		);
		const index: LoadedIndex = { manifest, store, lexical, articles: articlesOf(manifest) };
		const composer = createExtractiveComposer(index);
		await step('engine', () => createEngine({ index, embeddings, composer }));
		const load = costs.splice(0);

		const cached = cachingQueries(embeddings);
		const quality: Record<string, HitScores> = {};
		let hybridMisses: AnalyseJobResult['hybridMisses'] = [];
		for (const [name, settings] of RETRIEVAL_CONFIGURATIONS) {
			const engine = createEngine({ index, embeddings: cached, composer }, settings);
			const ranks: number[] = [];
			for (const needle of spec.needles) {
				const retrieved = await engine.search(needle.question, { k: 10 });
				ranks.push(
					firstHit(
						retrieved.map((item) => item.passage),
						needle.spans,
					),
				);
			}
			quality[name] = scoreRanks(ranks);
			if (name === 'hybrid') {
				hybridMisses = spec.needles
					.map((needle, i) => ({ question: needle.question, rank: ranks[i] ?? -1 }))
					.filter((miss) => miss.rank !== 0);
			}
		}
		note(
			`analyse: hit@10 ${Object.entries(quality)
				.map(([name, score]) => `${name} ${score.hitAt10.toFixed(3)}`)
				.join(', ')}`,
		);

		const fusion = await sweepFusion(store, lexical, (text) => cached.embedQuery(text), spec.needles);
		const recall = await measureRecall(store, cached, spec.questions);
		note(`analyse: hnswlib recall@10 ${recall.at10.toFixed(4)}`);

		note('analyse: repeating the non-embedding work of an ingest');
		const scratch = await mkdtemp(path.join(tmpdir(), 'footnote-bench-rebuild-'));
		try {
			const { articles } = await step('load corpus (read, clean)', () => loadCorpus(spec.corpusDir));
			await step(
				'chunk all articles',
				() => {
					let longest = 0;
					for (const article of articles) {
						const started = performance.now();
						chunkArticle(article.file, article.text);
						longest = Math.max(longest, performance.now() - started);
					}
					return longest;
				},
				(longest) => `longest article ${longest.toFixed(0)} ms`,
			);
			const vectors = store.passages.map((_, label) => store.passageVectors(label));
			const rebuilt = await step(
				'hnsw build from stored vectors (`addPassages`)',
				async () => {
					const fresh = new HnswStore(embeddings, embeddings.dimensions);
					await fresh.addPassages(store.passages, vectors);
					return fresh;
				},
				(fresh) => `${fresh.sentenceCount} sentences`,
			);
			const titles = new Map(index.articles.map((article) => [article.file, article.title]));
			const rebuiltLexical = await step('lexical build (MiniSearch addAll)', () =>
				LexicalIndex.build(store.passages, (file) => titles.get(file) ?? ''),
			);
			const lexicalFile = path.join(scratch, LEXICAL_FILE);
			await step(
				'lexical write (MiniSearch toJSON, JSON lines)',
				async () => {
					await rebuiltLexical.write(lexicalFile);
					return (await stat(lexicalFile)).size;
				},
				(bytes) => `${(bytes / MB).toFixed(1)} MB`,
			);
			const { checksums, ...draft } = manifest;
			const target = path.join(scratch, 'index');
			await step('write index (save, checksums, rename)', () =>
				writeIndexAtomically(target, { manifest: draft, store: rebuilt, lexical: rebuiltLexical }),
			);
			await step('readIndex as the engine runs it', () => readIndex(target, embeddings));
		} finally {
			await rm(scratch, { recursive: true, force: true });
		}
		return {
			passages: store.size,
			sentences: store.sentenceCount,
			load,
			build: costs,
			quality,
			hybridMisses,
			fusion,
			recall,
		};
	} finally {
		await embeddings.close();
	}
}

interface RecallAt {
	readonly ef: number;
	readonly at10: number;
	readonly atDepth: number;
	readonly searchP50Ms: number;
}

function overlapShare(found: readonly [number, number][], truth: ReadonlySet<number>): number {
	return truth.size === 0 ? 1 : found.filter(([label]) => truth.has(label)).length / truth.size;
}

async function measureRecall(
	store: HnswStore,
	embeddings: EmbeddingModel,
	questions: readonly string[],
): Promise<AnalyseJobResult['recall']> {
	const depth = Math.min(RETRIEVAL_DEPTH, store.sentenceCount);
	const tenth = Math.min(10, store.sentenceCount);
	const queries: number[][] = [];
	for (const question of questions) queries.push(await embeddings.embedQuery(question));
	const exact: number[] = [];
	const truths = queries.map((query) => {
		const started = performance.now();
		const truth = store.exactSearchSentences(query, depth);
		exact.push(performance.now() - started);
		return {
			at10: new Set(truth.slice(0, tenth).map(([label]) => label)),
			atDepth: new Set(truth.map(([label]) => label)),
		};
	});
	const approximate: number[] = [];
	let at10 = 0;
	let atDepth = 0;
	queries.forEach((query, i) => {
		const started = performance.now();
		const found = store.searchSentences(query, tenth);
		approximate.push(performance.now() - started);
		at10 += overlapShare(found, truths[i]?.at10 ?? new Set());
		atDepth += overlapShare(store.searchSentences(query, depth), truths[i]?.atDepth ?? new Set());
	});
	const sweep = await sweepEf(store, embeddings, queries, truths, tenth, depth);
	return {
		questions: questions.length,
		at10: at10 / queries.length,
		atDepth: atDepth / queries.length,
		depth,
		approximate: summarise(approximate),
		exact: summarise(exact),
		sweep,
	};
}

/**
 * Recall at larger ef, on an hnswlib index built like the store's (LangChain's HNSWLib uses hnswlib's defaults, which
 * are the store's m, efConstruction and seed) from the store's own vectors in label order.
 */
async function sweepEf(
	store: HnswStore,
	embeddings: EmbeddingModel,
	queries: readonly number[][],
	truths: readonly { at10: ReadonlySet<number>; atDepth: ReadonlySet<number> }[],
	tenth: number,
	depth: number,
): Promise<RecallAt[]> {
	const vectors = store.passages.flatMap((_, label) => store.passageVectors(label));
	const twin = new HNSWLib(embeddings, { space: 'cosine', numDimensions: embeddings.dimensions });
	await twin.addVectors(
		vectors,
		vectors.map(() => new Document({ pageContent: '' })),
	);
	const index = twin.index;
	return EF_SWEEP.map((ef) => {
		index.setEf(ef);
		const times: number[] = [];
		let at10 = 0;
		let atDepth = 0;
		queries.forEach((query, i) => {
			const started = performance.now();
			const found = index.searchKnn(query, tenth);
			times.push(performance.now() - started);
			const pairs = (result: { neighbors: number[] }): [number, number][] =>
				result.neighbors.map((label) => [label, 0]);
			at10 += overlapShare(pairs(found), truths[i]?.at10 ?? new Set());
			atDepth += overlapShare(pairs(index.searchKnn(query, depth)), truths[i]?.atDepth ?? new Set());
		});
		return { ef, at10: at10 / queries.length, atDepth: atDepth / queries.length, searchP50Ms: summarise(times).p50 };
	});
}
