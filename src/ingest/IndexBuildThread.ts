import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import type { Manifest } from '../store/manifest.ts';
import { tsxWorkerEntry } from '../tsxWorkerEntry.ts';
import type { BuildReply, BuildRequest, BuildResults } from './indexBuildWorker.ts';

const BUILD_WORKER_URL = new URL('./indexBuildWorker.ts', import.meta.url);

interface Pending {
	resolve(value: unknown): void;
	reject(error: Error): void;
}

/** An error thrown in the thread, with its code and the stack of where it happened. */
function threadError(reply: Extract<BuildReply, { ok: false }>): Error {
	const error = reply.code ? new AppError(reply.code, reply.message) : new Error(reply.message);
	error.name = reply.name;
	if (reply.stack !== undefined) error.stack = reply.stack;
	return error;
}

/**
 * A worker thread that chunks articles, builds the hnswlib and BM25 indexes and writes the index directory, so that
 * none of that work holds the event loop of a bot that keeps answering meanwhile. An unfinished build's files are
 * removed on {@link close}, even when the thread died; the index in place is never touched until the final swap.
 */
export class IndexBuildThread {
	readonly #worker = new Worker(tsxWorkerEntry(BUILD_WORKER_URL), { execArgv: [] });
	readonly #pending = new Map<number, Pending>();
	#nextId = 0;
	#failure: Error | undefined;
	/** The build's temporary directory; after a successful write it no longer exists. */
	#draftDir: string | undefined;

	public constructor() {
		this.#worker.on('message', (reply: BuildReply) => {
			const pending = this.#pending.get(reply.id);
			this.#pending.delete(reply.id);
			if (reply.ok) pending?.resolve(reply.value);
			else pending?.reject(threadError(reply));
		});
		this.#worker.on('error', (cause) =>
			this.#fail(new Error(`The index build thread failed: ${cause.message}`, { cause })),
		);
		this.#worker.on('exit', (code) => this.#fail(new Error(`The index build thread exited with code ${code}`)));
	}

	/** Splits an article into passages. */
	public chunk(file: string, text: string): Promise<Passage[]> {
		return this.#call({ kind: 'chunk', file, text });
	}

	/** Starts an empty index of `dimensions`-dimensional vectors, to be written into `indexDir`. */
	public async begin(indexDir: string, dimensions: number): Promise<void> {
		this.#draftDir = await this.#call({ kind: 'begin', indexDir, dimensions });
	}

	/** Appends one article's passages; resolves with the label of their first sentence. */
	public declare(title: string, passages: readonly Passage[]): Promise<number> {
		return this.#call({ kind: 'declare', title, passages });
	}

	/** Builds and writes the BM25 index of every passage declared; call it once, after the last declaration. */
	public writeLexical(): Promise<undefined> {
		return this.#call({ kind: 'lexical' });
	}

	/**
	 * Sets the vectors of declared sentences, one per label back to back; the buffer moves to the thread.
	 * @throws AppError('INDEX_INCOMPATIBLE') when the sizes disagree or a label was not declared.
	 */
	public setVectors(labels: Int32Array<ArrayBuffer>, vectors: Float32Array<ArrayBuffer>): Promise<undefined> {
		return this.#call({ kind: 'vectors', labels, vectors }, [labels.buffer, vectors.buffer]);
	}

	/**
	 * Writes the vector store and swaps the finished index into place, resolving with the manifest written.
	 * @throws Error when a declared sentence has no vector.
	 */
	public write(manifest: Omit<Manifest, 'checksums'>): Promise<Manifest> {
		return this.#call({ kind: 'write', manifest });
	}

	/** Stops the thread and removes an unfinished build's files; anything still waiting fails. */
	public async close(): Promise<void> {
		this.#fail(new Error('The index build thread was stopped'));
		await this.#worker.terminate();
		// A failure here must not hide the build's own error; the next ingest removes what is left (IndexDraft.create).
		if (this.#draftDir !== undefined) await rm(this.#draftDir, { recursive: true, force: true }).catch(() => undefined);
	}

	#call<Kind extends BuildRequest['kind']>(
		request: Extract<BuildRequest, { kind: Kind }>,
		transfer: ArrayBuffer[] = [],
	): Promise<BuildResults[Kind]> {
		if (this.#failure !== undefined) return Promise.reject(this.#failure);
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			this.#worker.postMessage({ id, request }, transfer);
		});
	}

	#fail(error: Error): void {
		this.#failure ??= error;
		for (const pending of this.#pending.values()) pending.reject(this.#failure);
		this.#pending.clear();
	}
}
