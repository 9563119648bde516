import { Embeddings } from '@langchain/core/embeddings';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors.ts';
import { EMBEDDING_WORKER_URL, EmbeddingThread } from './EmbeddingThread.ts';
import type { EmbeddingModel } from './types.ts';
import { USE_LITE_BATCH_SIZE, USE_LITE_DIMENSIONS, UseLiteEmbeddings } from './UseLiteEmbeddings.ts';

export interface WorkerPoolOptions {
	/** Worker threads for `embedDocuments`; one per core keeps every core busy. */
	readonly workers: number;
	readonly logger: Logger;
	/** The worker entry; tests swap in one that misbehaves. */
	readonly workerUrl?: URL;
}

/** A query model not loaded yet: a process that only ingests never needs its memory. */
export interface LazyQueryModel {
	readonly modelId: string;
	load(): Promise<UseLiteEmbeddings>;
}

/**
 * USE lite with documents spread over worker threads, each with its own wasm backend and model, started on first use;
 * queries run on the model in the calling thread, which answers at once instead of queueing behind ingest batches.
 */
export class WorkerPoolEmbeddings extends Embeddings implements EmbeddingModel {
	public readonly modelId: string;
	public readonly dimensions: number;
	public readonly workers: number;
	readonly #loadQueryModel: () => Promise<UseLiteEmbeddings>;
	#queryModel: Promise<UseLiteEmbeddings> | undefined;
	readonly #options: WorkerPoolOptions;
	#threads: EmbeddingThread[] | undefined;
	#starting: Promise<EmbeddingThread[]> | undefined;
	#closed = false;

	/**
	 * Wraps a model for queries, loaded or loaded on the first query; the pool's workers load their own copies of the
	 * same weights.
	 */
	public constructor(queryModel: UseLiteEmbeddings | LazyQueryModel, options: WorkerPoolOptions) {
		super({});
		if (queryModel instanceof UseLiteEmbeddings) {
			this.#queryModel = Promise.resolve(queryModel);
			this.#loadQueryModel = () => Promise.resolve(queryModel);
		} else {
			this.#loadQueryModel = () => queryModel.load();
		}
		this.#options = options;
		this.modelId = queryModel.modelId;
		this.dimensions = USE_LITE_DIMENSIONS;
		this.workers = options.workers;
	}

	/**
	 * Embeds texts on the worker threads, results in input order.
	 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the workers cannot start, AppError('EMBEDDINGS_FAILED') when one
	 * fails or dies, or the pool is closed.
	 */
	public override async embedDocuments(documents: string[]): Promise<number[][]> {
		if (documents.length === 0) return [];
		const threads = await this.#threadsReady();
		const vectors: number[][] = new Array<number[]>(documents.length);
		let next = 0;
		let failed = false;
		const drain = async (thread: EmbeddingThread): Promise<void> => {
			while (!failed && next < documents.length) {
				const start = next;
				next += USE_LITE_BATCH_SIZE;
				const flat = await thread.embed(documents.slice(start, next)).catch((error: unknown) => {
					failed = true;
					throw error;
				});
				for (let row = 0; row * this.dimensions < flat.length; row++) {
					vectors[start + row] = Array.from(flat.subarray(row * this.dimensions, (row + 1) * this.dimensions));
				}
			}
		};
		await Promise.all(threads.map(drain));
		return vectors;
	}

	/**
	 * Embeds one text in the calling thread (≈ 12 ms).
	 * @throws AppError('EMBEDDINGS_FAILED') when the model fails or is closed.
	 */
	public override async embedQuery(document: string): Promise<number[]> {
		if (this.#closed) throw new AppError('EMBEDDINGS_FAILED', 'The embedding worker pool is closed');
		const loading = (this.#queryModel ??= this.#loadQueryModel());
		loading.catch(() => {
			if (this.#queryModel === loading) this.#queryModel = undefined;
		});
		return (await loading).embedQuery(document);
	}

	/**
	 * Starts the workers if they are not running and waits until each has loaded its model.
	 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when a worker cannot start, AppError('EMBEDDINGS_FAILED') once closed.
	 */
	public async start(): Promise<void> {
		await this.#threadsReady();
	}

	/** Terminates the workers and releases the query model. */
	public async close(): Promise<void> {
		this.#closed = true;
		const queryModel = this.#queryModel?.catch(() => undefined);
		await Promise.all([this.#stopThreads(), queryModel?.then((model) => model?.close())]);
	}

	#threadsReady(): Promise<EmbeddingThread[]> {
		if (this.#closed) return Promise.reject(new AppError('EMBEDDINGS_FAILED', 'The embedding worker pool is closed'));
		this.#starting ??= this.#spawn();
		return this.#starting;
	}

	async #spawn(): Promise<EmbeddingThread[]> {
		const { logger, workerUrl = EMBEDDING_WORKER_URL } = this.#options;
		const { workers } = this;
		const started = performance.now();
		const threads: EmbeddingThread[] = Array.from(
			{ length: workers },
			() => new EmbeddingThread(workerUrl, (error) => this.#onThreadFailure(threads, error)),
		);
		this.#threads = threads;
		try {
			await Promise.all(threads.map((thread) => thread.ready));
		} catch (error) {
			await this.#stopThreads();
			throw error;
		}
		logger.info({ workers, ms: Math.round(performance.now() - started) }, 'embeddings.workers.started');
		return threads;
	}

	#onThreadFailure(threads: EmbeddingThread[], error: AppError): void {
		if (this.#threads !== threads) return;
		this.#options.logger.error({ err: error }, 'embeddings.worker.failed');
		// A dead thread takes its pool down; the next call starts a fresh one.
		void this.#stopThreads();
	}

	async #stopThreads(): Promise<void> {
		const threads = this.#threads ?? [];
		this.#threads = undefined;
		this.#starting = undefined;
		await Promise.all(threads.map((thread) => thread.terminate()));
	}
}

/** How fast texts were embedded. */
export interface Throughput {
	readonly texts: number;
	readonly seconds: number;
	readonly perSecond: number;
}

/**
 * Measures the bare model's document throughput on the pool's workers, after starting and warming each of them, as
 * the yardstick for ingest throughput.
 * @throws AppError('EMBEDDINGS_UNAVAILABLE' | 'EMBEDDINGS_FAILED') as {@link WorkerPoolEmbeddings.embedDocuments}.
 */
export async function measureWorkerThroughput(
	pool: WorkerPoolEmbeddings,
	texts: readonly string[],
): Promise<Throughput> {
	await pool.start();
	await pool.embedDocuments(texts.slice(0, pool.workers * USE_LITE_BATCH_SIZE));
	const started = performance.now();
	await pool.embedDocuments([...texts]);
	const seconds = (performance.now() - started) / 1_000;
	return { texts: texts.length, seconds, perSecond: texts.length / seconds };
}
