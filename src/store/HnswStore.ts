import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { SaveableVectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';
import type { Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { parseJsonLines, writeJsonLines } from './jsonLines.ts';

/** hnswlib parameters; recall@10 against exact search is measured by `npm run bench`. */
export const HNSW_PARAMS = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 } as const;
/** Sentences inserted between yields to the event loop, so a build never stalls a serving bot for long. */
const INSERT_SLICE = 64;
/** Sentence neighbours fetched per passage wanted: passages have several sentences each. */
const SENTENCES_PER_PASSAGE = 3;

export const HNSW_FILE = 'hnsw.bin';
export const STORE_FILE = 'store.json';
/** One passage per line, so that loading parses it in slices. */
export const PASSAGES_FILE = 'passages.jsonl';

export type PassageMetadata = Omit<Passage, 'text'>;
/** Restricts a search to passages of some corpus files. */
export interface PassageFilter {
	readonly files?: ReadonlySet<string>;
}

function toDocument(passage: Passage): DocumentInterface<PassageMetadata> {
	const { text, ...metadata } = passage;
	return new Document({ pageContent: text, metadata, id: passage.id });
}

function toPassage(document: DocumentInterface): Passage {
	const metadata = document.metadata as PassageMetadata;
	return { ...metadata, text: document.pageContent };
}

/** The text of each sentence of a passage, in order. */
export function sentenceTexts(passage: Passage): string[] {
	return passage.sentences.map(([start, end]) => passage.text.slice(start - passage.start, end - passage.start));
}

export function cosine(query: readonly number[], vector: readonly number[] | Float32Array): number {
	let dot = 0;
	let left = 0;
	let right = 0;
	for (let i = 0; i < vector.length; i++) {
		const a = query[i] ?? 0;
		const b = vector[i] ?? 0;
		dot += a * b;
		left += a * a;
		right += b * b;
	}
	return left === 0 || right === 0 ? 0 : dot / Math.sqrt(left * right);
}

/**
 * Passages with one vector per sentence, behind LangChain's VectorStore contract: a passage is as close to a
 * query as its closest sentence, so a long passage is not diluted by its other sentences. An hnswlib cosine
 * index over the sentences answers searches and holds the only copy of the vectors (normalised, as cosine
 * space stores them), for scoring sentences and for reuse by incremental ingest. Passage labels are positions in `passages`; sentence labels are positions in the index.
 */
export class HnswStore extends SaveableVectorStore {
	declare FilterType: PassageFilter;

	private readonly index: hnswlib.HierarchicalNSW;
	/** Every sentence vector in one matrix, made on first exact search (benchmarks only). */
	private exactMatrix: Float32Array | undefined;
	private readonly stored: Passage[] = [];
	/** Passage label of each sentence label, and each passage's first sentence label. */
	private readonly passageOfSentence: number[] = [];
	private readonly firstSentence: number[] = [];
	private readonly dimensions: number;

	public constructor(embeddings: EmbeddingsInterface, dimensions: number) {
		super(embeddings, {});
		this.dimensions = dimensions;
		this.index = new hnswlib.HierarchicalNSW('cosine', dimensions);
		this.index.initIndex({
			maxElements: 1_024,
			m: HNSW_PARAMS.m,
			efConstruction: HNSW_PARAMS.efConstruction,
			randomSeed: HNSW_PARAMS.seed,
		});
		this.index.setEf(HNSW_PARAMS.efSearch);
	}

	public _vectorstoreType(): string {
		return 'footnote-hnswlib-sentences';
	}

	public get size(): number {
		return this.stored.length;
	}

	public get sentenceCount(): number {
		return this.passageOfSentence.length;
	}

	public get passages(): readonly Passage[] {
		return this.stored;
	}

	/** The stored (normalised) sentence vectors of the passage at `label`. */
	public vectorsOf(labels: readonly number[]): number[][][] {
		return labels.map((label) => this.passageVectors(label));
	}

	public passageVectors(label: number): number[][] {
		const first = this.firstSentence[label] ?? 0;
		const count = this.stored[label]?.sentences.length ?? 0;
		return Array.from({ length: count }, (_, i) => this.sentenceVector(first + i));
	}

	/** The stored (normalised) sentence vectors of `count` passages from `label` on, back to back. */
	public sentenceVectors(label: number, count: number): Float32Array<ArrayBuffer> {
		const first = this.firstSentence[label] ?? 0;
		const end = this.firstSentence[label + count] ?? this.passageOfSentence.length;
		const vectors = new Float32Array((end - first) * this.dimensions);
		for (let sentence = first; sentence < end; sentence++) {
			vectors.set(this.sentenceVector(sentence), (sentence - first) * this.dimensions);
		}
		return vectors;
	}

	/**
	 * Adds passages given one vector per sentence, all passages' sentences in order (LangChain's addVectors contract,
	 * with documents made by this store).
	 * @throws AppError('INDEX_INCOMPATIBLE') when the vectors do not match the sentences or the dimensions.
	 */
	public async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
		const passages = documents.map(toPassage);
		const sentences = passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
		if (sentences !== vectors.length) {
			throw new AppError('INDEX_INCOMPATIBLE', `Got ${vectors.length} vectors for ${sentences} sentences.`);
		}
		let next = 0;
		await this.addPassages(
			passages,
			passages.map((passage) => passage.sentences.map(() => vectors[next++] ?? [])),
		);
		return passages.map((passage) => passage.id);
	}

	/** Embeds each passage's sentences and adds them. */
	public async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
		const texts = documents.flatMap((document) => sentenceTexts(toPassage(document)));
		return this.addVectors(await this.embeddings.embedDocuments(texts), documents);
	}

	/**
	 * Adds passages with one vector per sentence (one array per passage), yielding to the event loop as it goes.
	 * @throws AppError('INDEX_INCOMPATIBLE') when a passage's vectors do not match its sentences or the dimensions.
	 */
	public async addPassages(
		passages: readonly Passage[],
		vectors: readonly (readonly (readonly number[] | Float32Array)[])[],
	): Promise<void> {
		passages.forEach((passage, i) => {
			const own = vectors[i]?.length ?? 0;
			if (own !== passage.sentences.length) {
				throw new AppError(
					'INDEX_INCOMPATIBLE',
					`Passage ${passage.id} has ${passage.sentences.length} sentences but ${own} vectors.`,
				);
			}
			// Checked before any passage is declared, so that a wrong model leaves the store as it was.
			vectors[i]?.forEach((vector) => this.checkDimensions(vector));
		});
		let label = this.declarePassages(passages);
		let sinceYield = 0;
		for (const own of vectors) {
			for (const vector of own) this.insert(vector, label++);
			sinceYield += own.length;
			if (sinceYield >= INSERT_SLICE) {
				sinceYield = 0;
				await nextTurn();
			}
		}
	}

	/**
	 * Appends passages whose sentence vectors come later, through {@link setVectors}, in any order.
	 * @returns the label of their first sentence; the others follow in order.
	 */
	public declarePassages(passages: readonly Passage[]): number {
		const first = this.passageOfSentence.length;
		this.reserve(first + passages.reduce((sum, passage) => sum + passage.sentences.length, 0));
		for (const passage of passages) {
			this.firstSentence.push(this.passageOfSentence.length);
			for (let i = 0; i < passage.sentences.length; i++) this.passageOfSentence.push(this.stored.length);
			this.stored.push(passage);
		}
		return first;
	}

	/**
	 * Sets the vectors of declared sentences: `vectors` holds one per label, back to back.
	 * @throws AppError('INDEX_INCOMPATIBLE') when the sizes disagree or a label was not declared.
	 */
	public setVectors(labels: ArrayLike<number>, vectors: Float32Array): void {
		if (vectors.length !== labels.length * this.dimensions) {
			throw new AppError(
				'INDEX_INCOMPATIBLE',
				`Got ${vectors.length} numbers for ${labels.length} ${this.dimensions}-dimensional vectors.`,
			);
		}
		for (let i = 0; i < labels.length; i++) {
			this.insert(vectors.subarray(i * this.dimensions, (i + 1) * this.dimensions), labels[i] ?? -1);
		}
	}

	/** Nearest passages by their closest sentence, with that cosine similarity (higher is closer). */
	public similaritySearchVectorWithScore(
		query: number[],
		k: number,
		filter?: PassageFilter,
	): Promise<[DocumentInterface, number][]> {
		return Promise.resolve(
			this.search(query, k, filter).map(([label, score]) => [toDocument(this.stored[label] as Passage), score]),
		);
	}

	/** Approximate nearest passages as [passage label, best sentence cosine], best first. */
	public search(query: readonly number[], k: number, filter?: PassageFilter): [number, number][] {
		const best = new Map<number, number>();
		for (const [sentence, score] of this.searchSentences(query, k * SENTENCES_PER_PASSAGE, filter)) {
			const passage = this.passageOfSentence[sentence] ?? -1;
			if (!best.has(passage)) best.set(passage, score);
		}
		return [...best].slice(0, k);
	}

	/** Approximate nearest sentences as [sentence label, cosine], best first. */
	public searchSentences(query: readonly number[], k: number, filter?: PassageFilter): [number, number][] {
		const count = this.passageOfSentence.length;
		if (count === 0) return [];
		const files = filter?.files;
		const accept =
			files === undefined
				? undefined
				: (sentence: number) => files.has(this.stored[this.passageOfSentence[sentence] ?? -1]?.file ?? '');
		const { neighbors, distances } = this.index.searchKnn(query as number[], Math.min(k, count), accept);
		return neighbors.map((label, i) => [label, 1 - (distances[i] ?? 1)]);
	}

	/** Exact nearest sentences by brute force: the ground truth that approximate recall is measured against. */
	public exactSearchSentences(query: readonly number[], k: number): [number, number][] {
		const count = this.passageOfSentence.length;
		if (this.exactMatrix?.length !== count * this.dimensions) {
			this.exactMatrix = new Float32Array(count * this.dimensions);
			for (let label = 0; label < count; label++)
				this.exactMatrix.set(this.sentenceVector(label), label * this.dimensions);
		}
		const scores: [number, number][] = [];
		for (let label = 0; label < count; label++) {
			const offset = label * this.dimensions;
			scores.push([label, cosine(query, this.exactMatrix.subarray(offset, offset + this.dimensions))]);
		}
		return scores.sort((a, b) => b[1] - a[1]).slice(0, k);
	}

	/** Cosine similarity between `query` and each sentence of the passage at `label`. */
	public sentenceSimilarities(query: readonly number[], label: number): number[] {
		return this.passageVectors(label).map((vector) => cosine(query, vector));
	}

	/**
	 * Writes the store into `directory`.
	 * @throws Error when a declared sentence has no vector yet: a bug in the caller, not a problem with the index.
	 */
	public async save(directory: string): Promise<void> {
		const missing = this.passageOfSentence.length - this.index.getCurrentCount();
		if (missing !== 0) {
			throw new Error(
				`Cannot save the store: ${missing} of ${this.passageOfSentence.length} sentences have no vector.`,
			);
		}
		await this.index.writeIndex(path.join(directory, HNSW_FILE));
		await writeFile(path.join(directory, STORE_FILE), JSON.stringify({ dimensions: this.dimensions }));
		await writeJsonLines(path.join(directory, PASSAGES_FILE), this.stored);
	}

	/**
	 * Loads a store written by `save`.
	 * @throws AppError('INDEX_CORRUPT') when the files disagree with each other or cannot be read.
	 */
	public static override async load(directory: string, embeddings: EmbeddingsInterface): Promise<HnswStore> {
		try {
			const [passages, meta] = await Promise.all([
				readFile(path.join(directory, PASSAGES_FILE), 'utf8').then(
					async (text) => (await parseJsonLines(text)) as Passage[],
				),
				readFile(path.join(directory, STORE_FILE), 'utf8').then((json) => JSON.parse(json) as { dimensions: unknown }),
			]);
			const { dimensions } = meta;
			if (
				!Array.isArray(passages) ||
				typeof dimensions !== 'number' ||
				!Number.isInteger(dimensions) ||
				dimensions < 1
			) {
				throw new Error(`${PASSAGES_FILE} or ${STORE_FILE} is not what this version writes`);
			}
			const sentences = passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
			const store = new HnswStore(embeddings, dimensions);
			await store.index.readIndex(path.join(directory, HNSW_FILE));
			if (store.index.getCurrentCount() !== sentences) {
				throw new Error(`${HNSW_FILE} holds ${store.index.getCurrentCount()} points for ${sentences} sentences`);
			}
			store.index.setEf(HNSW_PARAMS.efSearch);
			store.declarePassages(passages);
			return store;
		} catch (error) {
			throw new AppError(
				'INDEX_CORRUPT',
				`The vector store in ${directory} cannot be loaded: ${(error as Error).message}`,
				{
					cause: error,
				},
			);
		}
	}

	private sentenceVector(label: number): number[] {
		return this.index.getPoint(label);
	}

	private checkDimensions(vector: readonly number[] | Float32Array): void {
		if (vector.length !== this.dimensions) {
			throw new AppError(
				'INDEX_INCOMPATIBLE',
				`A vector has ${vector.length} dimensions; the store expects ${this.dimensions}.`,
			);
		}
	}

	private insert(vector: readonly number[] | Float32Array, label: number): void {
		this.checkDimensions(vector);
		if (!Number.isInteger(label) || label < 0 || label >= this.passageOfSentence.length) {
			throw new AppError('INDEX_INCOMPATIBLE', `Sentence ${label} was not declared.`);
		}
		this.index.addPoint(Array.from(vector), label);
	}

	private reserve(capacity: number): void {
		if (capacity > this.index.getMaxElements()) {
			this.index.resizeIndex(Math.max(capacity, this.index.getMaxElements() * 2));
		}
	}
}
