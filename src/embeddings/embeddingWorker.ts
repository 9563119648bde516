import { parentPort } from 'node:worker_threads';
import { UseLiteEmbeddings } from './UseLiteEmbeddings.ts';

/** A batch for a worker to embed. */
export interface WorkerRequest {
	readonly id: number;
	readonly texts: string[];
}

/** What a worker posts back: once `ready` after loading its model, then one reply per request. */
export type WorkerReply =
	| { readonly type: 'ready' }
	| { readonly type: 'vectors'; readonly id: number; readonly vectors: Float32Array }
	| { readonly type: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('embeddingWorker.ts runs only as a worker thread');

// A failed load throws out of the module, which the pool receives as the worker's 'error' event.
const model = await UseLiteEmbeddings.load();

port.on('message', ({ id, texts }: WorkerRequest) => {
	model.embedDocuments(texts).then(
		(vectors) => {
			const flat = new Float32Array(vectors.flat());
			port.postMessage({ type: 'vectors', id, vectors: flat } satisfies WorkerReply, [flat.buffer]);
		},
		(error: unknown) => {
			const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
			const message = error instanceof Error ? `${error.message}${cause}` : String(error);
			port.postMessage({ type: 'error', id, message } satisfies WorkerReply);
		},
	);
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
