import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import type { Passage } from '../corpus/types.ts';
import { isAppError, type ErrorCode } from '../errors.ts';
import { HnswStore } from '../store/HnswStore.ts';
import { IndexDraft } from '../store/indexDirectory.ts';
import { LEXICAL_FILE, LexicalIndex } from '../store/LexicalIndex.ts';
import type { Manifest } from '../store/manifest.ts';

/** Work the main thread hands over: everything of an ingest that would hold its event loop, except embedding. */
export type BuildRequest =
	| { readonly kind: 'chunk'; readonly file: string; readonly text: string }
	| { readonly kind: 'begin'; readonly indexDir: string; readonly dimensions: number }
	| { readonly kind: 'declare'; readonly title: string; readonly passages: readonly Passage[] }
	| { readonly kind: 'lexical' }
	| { readonly kind: 'vectors'; readonly labels: Int32Array; readonly vectors: Float32Array }
	| { readonly kind: 'write'; readonly manifest: Omit<Manifest, 'checksums'> };

/** What each request resolves to. */
export interface BuildResults {
	/** The article's passages. */
	readonly chunk: Passage[];
	/** The temporary directory the index is written into until the final swap. */
	readonly begin: string;
	/** The label of the declared passages' first sentence. */
	readonly declare: number;
	readonly lexical: undefined;
	readonly vectors: undefined;
	/** The manifest written, with its checksums. */
	readonly write: Manifest;
}

export type BuildReply =
	| { readonly id: number; readonly ok: true; readonly value: BuildResults[BuildRequest['kind']] }
	| {
			readonly id: number;
			readonly ok: false;
			readonly code?: ErrorCode;
			readonly name: string;
			readonly message: string;
			readonly stack?: string;
	  };

const port = parentPort;
if (port === null) throw new Error('indexBuildWorker.ts runs only as a worker thread');

// The store here receives vectors; it never embeds.
const notEmbedding: EmbeddingsInterface = {
	embedDocuments: () => Promise.reject(new Error('The index build thread does not embed')),
	embedQuery: () => Promise.reject(new Error('The index build thread does not embed')),
};

let build: { readonly store: HnswStore; readonly draft: IndexDraft } | undefined;
const titles = new Map<string, string>();

function begun(): { readonly store: HnswStore; readonly draft: IndexDraft } {
	if (build === undefined) throw new Error('The index build has not begun');
	return build;
}

async function handle(request: BuildRequest): Promise<BuildResults[BuildRequest['kind']]> {
	switch (request.kind) {
		case 'chunk':
			return chunkArticle(request.file, request.text);
		case 'begin':
			build = {
				store: new HnswStore(notEmbedding, request.dimensions),
				draft: await IndexDraft.create(request.indexDir),
			};
			titles.clear();
			return build.draft.dir;
		case 'declare':
			for (const passage of request.passages) titles.set(passage.file, request.title);
			return begun().store.declarePassages(request.passages);
		case 'lexical': {
			// Built and written before the vectors arrive, so its memory is free again when hnswlib's is largest.
			const { store, draft } = begun();
			const lexical = await LexicalIndex.build(store.passages, (file) => titles.get(file) ?? '');
			await lexical.write(path.join(draft.dir, LEXICAL_FILE));
			return undefined;
		}
		case 'vectors':
			begun().store.setVectors(request.labels, request.vectors);
			return undefined;
		case 'write': {
			const { store, draft } = begun();
			await store.save(draft.dir);
			const manifest = await draft.commit(request.manifest);
			build = undefined;
			return manifest;
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
			// Name and stack cross too: "ENOSPC … write" is only useful with where it happened.
			const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
			const code = isAppError(error) ? { code: error.code } : {};
			port.postMessage({ id, ok: false, name, message, ...(stack ? { stack } : {}), ...code } satisfies BuildReply);
		}
	});
});
