import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { tsxWorkerEntry } from '../tsxWorkerEntry.ts';
import type { WorkerReply, WorkerRequest } from './embeddingWorker.ts';

/** The worker entry that loads USE lite in its own thread. */
export const EMBEDDING_WORKER_URL = new URL('./embeddingWorker.ts', import.meta.url);

interface Pending {
	resolve(vectors: Float32Array): void;
	reject(error: AppError): void;
}

/** One worker thread running its own USE lite model; every failure of the thread rejects what waits on it. */
export class EmbeddingThread {
	/** Settles when the worker has loaded its model. */
	public readonly ready: Promise<void>;
	readonly #worker: Worker;
	readonly #pending = new Map<number, Pending>();
	#nextId = 0;
	#failure: AppError | undefined;
	#terminating = false;

	/** Starts the worker; `onFailure` hears once if the thread dies or cannot start, unless it was terminated. */
	public constructor(workerUrl: URL, onFailure: (error: AppError) => void) {
		this.#worker = new Worker(tsxWorkerEntry(workerUrl), { execArgv: [] });
		let started = false;
		this.ready = new Promise<void>((resolve, reject) => {
			this.#worker.on('message', (reply: WorkerReply) => {
				if (reply.type === 'ready') {
					started = true;
					resolve();
				} else this.#settle(reply);
			});
			const fail = (error: AppError): void => {
				if (this.#failure !== undefined) return;
				this.#failure = error;
				reject(error);
				for (const pending of this.#pending.values()) pending.reject(error);
				this.#pending.clear();
				if (!this.#terminating) onFailure(error);
			};
			this.#worker.on('error', (cause) => {
				const code = started ? 'EMBEDDINGS_FAILED' : 'EMBEDDINGS_UNAVAILABLE';
				fail(new AppError(code, `An embedding worker thread failed: ${cause.message}`, { cause }));
			});
			this.#worker.on('exit', (exitCode) => {
				const why = this.#terminating ? 'was stopped' : `exited with code ${exitCode}`;
				fail(new AppError('EMBEDDINGS_FAILED', `An embedding worker thread ${why}`));
			});
		});
		// Callers see the failure through `embed`; this keeps an unawaited `ready` from crashing the process.
		this.ready.catch(() => undefined);
	}

	/**
	 * Embeds texts in the worker, resolving with their vectors back to back.
	 * @throws AppError('EMBEDDINGS_FAILED') when the model fails or the thread dies.
	 */
	public embed(texts: string[]): Promise<Float32Array> {
		if (this.#failure !== undefined) return Promise.reject(this.#failure);
		const id = this.#nextId++;
		return new Promise<Float32Array>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			this.#worker.postMessage({ id, texts } satisfies WorkerRequest);
		});
	}

	/** Stops the thread; anything still waiting fails. */
	public async terminate(): Promise<void> {
		this.#terminating = true;
		await this.#worker.terminate();
	}

	#settle(reply: Exclude<WorkerReply, { type: 'ready' }>): void {
		const pending = this.#pending.get(reply.id);
		this.#pending.delete(reply.id);
		if (reply.type === 'vectors') pending?.resolve(reply.vectors);
		else pending?.reject(new AppError('EMBEDDINGS_FAILED', `An embedding worker could not embed: ${reply.message}`));
	}
}
