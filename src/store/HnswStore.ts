import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, type DocumentInterface } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { SaveableVectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';
import type { Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';

/** hnswlib parameters; recall@10 against exact search is measured by `npm run bench`. */
export const HNSW_PARAMS = { m: 16, efConstruction: 200, efSearch: 64, seed: 100 } as const;
/** Points inserted between yields to the event loop, so a build never stalls a serving bot for long. */
const INSERT_SLICE = 64;

export const HNSW_FILE = 'hnsw.bin';
export const VECTORS_FILE = 'vectors.f32';
export const PASSAGES_FILE = 'passages.json';

export type PassageMetadata = Omit<Passage, 'text'>;
/** Restricts a search to passages of one corpus file. */
export interface PassageFilter {
	readonly file?: string;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function toDocument(passage: Passage): DocumentInterface<PassageMetadata> {
	const { text, ...metadata } = passage;
	return new Document({ pageContent: text, metadata, id: passage.id });
}

function toPassage(document: DocumentInterface): Passage {
	const metadata = document.metadata as PassageMetadata;
	return { ...metadata, text: document.pageContent };
}

/**
 * The passage vector store: an hnswlib cosine index plus the raw vectors (for exact search and for reuse
 * by incremental ingest), behind LangChain's VectorStore contract. Labels are positions in `passages`.
 */
export class HnswStore extends SaveableVectorStore {
	declare FilterType: PassageFilter;

	private readonly index: hnswlib.HierarchicalNSW;
	private vectors: Float32Array;
	private readonly stored: Passage[] = [];
	private readonly dimensions: number;

	public constructor(embeddings: EmbeddingsInterface, dimensions: number) {
		super(embeddings, {});
		this.dimensions = dimensions;
		this.index = new hnswlib.HierarchicalNSW('cosine', dimensions);
		this.index.initIndex({ maxElements: 1_024, m: HNSW_PARAMS.m, efConstruction: HNSW_PARAMS.efConstruction, randomSeed: HNSW_PARAMS.seed });
		this.index.setEf(HNSW_PARAMS.efSearch);
		this.vectors = new Float32Array(1_024 * dimensions);
	}

	public _vectorstoreType(): string {
		return 'footnote-hnswlib';
	}

	public get size(): number {
		return this.stored.length;
	}

	public get passages(): readonly Passage[] {
		return this.stored;
	}

	/** The stored vector of the passage at `label`, as a view (do not mutate). */
	public vector(label: number): Float32Array {
		return this.vectors.subarray(label * this.dimensions, (label + 1) * this.dimensions);
	}

	public get dimensionCount(): number {
		return this.dimensions;
	}

	/** @throws AppError('INDEX_INCOMPATIBLE') when a vector has the wrong number of dimensions. */
	public async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
		const passages = documents.map(toPassage);
		this.reserve(this.stored.length + vectors.length);
		for (let offset = 0; offset < vectors.length; offset += INSERT_SLICE) {
			for (let i = offset; i < Math.min(offset + INSERT_SLICE, vectors.length); i++) {
				const vector = vectors[i] ?? [];
				if (vector.length !== this.dimensions) {
					throw new AppError('INDEX_INCOMPATIBLE', `A vector has ${vector.length} dimensions; the store expects ${this.dimensions}.`);
				}
				const label = this.stored.length;
				this.vectors.set(vector, label * this.dimensions);
				this.index.addPoint(vector, label);
				this.stored.push(passages[i] as Passage);
			}
			await yieldToEventLoop();
		}
		return passages.map((passage) => passage.id);
	}

	public async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
		const vectors = await this.embeddings.embedDocuments(documents.map((document) => document.pageContent));
		return this.addVectors(vectors, documents);
	}

	/** Adds passages with vectors computed earlier, e.g. reused from a previous index. */
	public addPassages(passages: readonly Passage[], vectors: readonly (number[] | Float32Array)[]): Promise<string[]> {
		return this.addVectors(
			vectors.map((vector) => Array.from(vector)),
			passages.map(toDocument),
		);
	}

	/** Approximate nearest passages by cosine similarity (higher is closer), optionally within one file. */
	public similaritySearchVectorWithScore(
		query: number[],
		k: number,
		filter?: PassageFilter,
	): Promise<[DocumentInterface, number][]> {
		return Promise.resolve(this.search(query, k, filter).map(([label, score]) => [toDocument(this.stored[label] as Passage), score]));
	}

	/** Approximate nearest neighbours as [label, cosine similarity], best first. */
	public search(query: readonly number[], k: number, filter?: PassageFilter): [number, number][] {
		const count = this.stored.length;
		if (count === 0) return [];
		const file = filter?.file;
		const accept = file === undefined ? undefined : (label: number) => this.stored[label]?.file === file;
		const { neighbors, distances } = this.index.searchKnn(query as number[], Math.min(k, count), accept);
		return neighbors.map((label, i) => [label, 1 - (distances[i] ?? 1)]);
	}

	/** Exact nearest neighbours by brute force: the ground truth that approximate recall is measured against. */
	public exactSearch(query: readonly number[], k: number): [number, number][] {
		const scores: [number, number][] = [];
		for (let label = 0; label < this.stored.length; label++) scores.push([label, this.cosine(query, label)]);
		return scores.sort((a, b) => b[1] - a[1]).slice(0, k);
	}

	/** Cosine similarity between `query` and the stored vector at `label`. */
	public cosine(query: readonly number[], label: number): number {
		const vector = this.vector(label);
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

	public async save(directory: string): Promise<void> {
		await this.index.writeIndex(path.join(directory, HNSW_FILE));
		const used = this.vectors.subarray(0, this.stored.length * this.dimensions);
		await writeFile(path.join(directory, VECTORS_FILE), new Uint8Array(used.buffer, used.byteOffset, used.byteLength));
		await writeFile(path.join(directory, PASSAGES_FILE), JSON.stringify(this.stored));
	}

	/**
	 * Loads a store written by `save`.
	 * @throws AppError('INDEX_CORRUPT') when the files disagree with each other or cannot be read.
	 */
	public static override async load(directory: string, embeddings: EmbeddingsInterface): Promise<HnswStore> {
		try {
			const [passages, bytes] = await Promise.all([
				readFile(path.join(directory, PASSAGES_FILE), 'utf8').then((json) => JSON.parse(json) as Passage[]),
				readFile(path.join(directory, VECTORS_FILE)),
			]);
			const dimensions = passages.length > 0 ? bytes.byteLength / 4 / passages.length : 0;
			if (!Array.isArray(passages) || passages.length === 0 || !Number.isInteger(dimensions) || dimensions === 0) {
				throw new Error(`${VECTORS_FILE} (${bytes.byteLength} bytes) does not match ${PASSAGES_FILE}`);
			}
			const store = new HnswStore(embeddings, dimensions);
			await store.index.readIndex(path.join(directory, HNSW_FILE));
			if (store.index.getCurrentCount() !== passages.length) {
				throw new Error(`${HNSW_FILE} holds ${store.index.getCurrentCount()} points for ${passages.length} passages`);
			}
			store.index.setEf(HNSW_PARAMS.efSearch);
			store.vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
			store.stored.push(...passages);
			return store;
		} catch (error) {
			throw new AppError('INDEX_CORRUPT', `The vector store in ${directory} cannot be loaded: ${(error as Error).message}`, {
				cause: error,
			});
		}
	}

	private reserve(capacity: number): void {
		if (capacity <= this.index.getMaxElements()) return;
		const next = Math.max(capacity, this.index.getMaxElements() * 2);
		this.index.resizeIndex(next);
		const grown = new Float32Array(next * this.dimensions);
		grown.set(this.vectors);
		this.vectors = grown;
	}
}
