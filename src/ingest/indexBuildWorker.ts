import { parentPort } from 'node:worker_threads';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import type { Passage } from '../corpus/types.ts';
import { isAppError, type ErrorCode } from '../errors.ts';
import { HnswStore } from '../store/HnswStore.ts';
import { writeIndexAtomically } from '../store/indexDirectory.ts';
import { LexicalIndex } from '../store/LexicalIndex.ts';
import type { Manifest } from '../store/manifest.ts';

/** Work the main thread hands over: everything of an ingest that would hold its event loop, except embedding. */
export type BuildRequest =
	| { readonly kind: 'chunk'; readonly file: string; readonly text: string }
	| { readonly kind: 'begin'; readonly dimensions: number }
	| { readonly kind: 'declare'; readonly title: string; readonly passages: readonly Passage[] }
	| { readonly kind: 'vectors'; readonly labels: Int32Array; readonly vectors: Float32Array }
	| { readonly kind: 'write'; readonly indexDir: string; readonly manifest: Omit<Manifest, 'checksums'> };

/** What each request resolves to. */
export interface BuildResults {
	/** The article's passages. */
	readonly chunk: Passage[];
	readonly begin: undefined;
	/** The label of the declared passages' first sentence. */
	readonly declare: number;
	readonly vectors: undefined;
	/** The manifest written, with its checksums. */
	readonly write: Manifest;
}

export type BuildReply =
	| { readonly id: number; readonly ok: true; readonly value: BuildResults[BuildRequest['kind']] }
	| { readonly id: number; readonly ok: false; readonly code?: ErrorCode; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('indexBuildWorker.ts runs only as a worker thread');

// The store here receives vectors; it never embeds.
const notEmbedding: EmbeddingsInterface = {
	embedDocuments: () => Promise.reject(new Error('The index build thread does not embed')),
	embedQuery: () => Promise.reject(new Error('The index build thread does not embed')),
};

let store: HnswStore | undefined;
const titles = new Map<string, string>();

function started(): HnswStore {
	if (store === undefined) throw new Error('The index build has not begun');
	return store;
}

async function handle(request: BuildRequest): Promise<BuildResults[BuildRequest['kind']]> {
	switch (request.kind) {
		case 'chunk':
			return chunkArticle(request.file, request.text);
		case 'begin':
			store = new HnswStore(notEmbedding, request.dimensions);
			titles.clear();
			return undefined;
		case 'declare':
			for (const passage of request.passages) titles.set(passage.file, request.title);
			return started().declarePassages(request.passages);
		case 'vectors':
			started().setVectors(request.labels, request.vectors);
			return undefined;
		case 'write': {
			const built = started();
			const lexical = await LexicalIndex.build(built.passages, (file) => titles.get(file) ?? '');
			return writeIndexAtomically(request.indexDir, { manifest: request.manifest, store: built, lexical });
		}
	}
}

// One request at a time, in the order they came: a write must follow every vector sent before it.
let queue = Promise.resolve();
port.on('message', ({ id, request }: { id: number; request: BuildRequest }) => {
	queue = queue.then(async () => {
		try {
			port.postMessage({ id, ok: true, value: await handle(request) } satisfies BuildReply);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			const code = isAppError(error) ? { code: error.code } : {};
			port.postMessage({ id, ok: false, message, ...code } satisfies BuildReply);
		}
	});
});
