import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import type { Article } from '../corpus/types.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sentenceTexts } from '../store/HnswStore.ts';
import { claimArticle, completeArticle, openIngest, renewClaim } from '../store/postgres/ingestQueue.ts';
import { embedInBatches } from './embedInBatches.ts';

/** How long a claim lasts unless renewed: a worker that dies gives its article back to the queue after this. */
export const CLAIM_MS = 60_000;

export interface QueueWork {
	readonly pool: pg.Pool;
	readonly generation: number;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	/** Who claims: host, pid and a random part, so a worker's claims are told apart from every other's. */
	readonly holder: string;
	readonly claimMs?: number;
	/** Called after each article this worker indexed, with its sentence count. */
	readonly onArticle?: (file: string, sentences: number) => void;
}

export interface QueueWorkResult {
	readonly articles: number;
	readonly sentences: number;
}

/** Chunks and embeds one claimed article; @returns its sentence count, or undefined when its claim was lost. */
async function indexArticle(work: QueueWork, article: Article, claimMs: number): Promise<number | undefined> {
	const passages = chunkArticle(article.file, article.text);
	const texts = passages.flatMap(sentenceTexts);
	const dimensions = work.embeddings.dimensions;
	const vectors = new Float32Array(texts.length * dimensions);
	const renewal = setInterval(() => {
		renewClaim(work.pool, work.generation, article.file, work.holder, claimMs).catch(() => undefined);
	}, claimMs / 3);
	try {
		await embedInBatches(work.embeddings, texts, (positions, batch) => {
			positions.forEach((position, i) =>
				vectors.set(batch.subarray(i * dimensions, (i + 1) * dimensions), position * dimensions),
			);
			return Promise.resolve();
		});
	} finally {
		clearInterval(renewal);
	}
	const written = await completeArticle(
		work.pool,
		work.generation,
		work.holder,
		article,
		passages,
		vectors,
		dimensions,
	);
	if (!written) work.logger.warn({ file: article.file }, 'ingest.claim_lost');
	return written ? texts.length : undefined;
}

/**
 * Claims articles of one ingest's queue, one at a time, and indexes each until none is left to claim. Any number of
 * these run side by side, in one process or on many machines sharing the database; the queue holds the articles' text.
 */
export async function workIngestQueue(work: QueueWork): Promise<QueueWorkResult> {
	const claimMs = work.claimMs ?? CLAIM_MS;
	let articles = 0;
	let sentences = 0;
	for (;;) {
		const article = await claimArticle(work.pool, work.generation, work.holder, claimMs);
		if (!article) return { articles, sentences };
		const count = await indexArticle(work, article, claimMs);
		if (count === undefined) continue;
		articles++;
		sentences += count;
		work.onArticle?.(article.file, count);
	}
}

/** How often a worker waiting for an ingest looks for one. */
const JOIN_POLL_MS = 500;

/**
 * Waits up to `waitMs` for an ingest with articles left to claim, then works its queue until it is empty.
 * @throws AppError('INDEX_INCOMPATIBLE') when that ingest embeds with another model than this worker's.
 * @returns undefined when no ingest showed up in time.
 */
export async function joinIngest(
	work: Omit<QueueWork, 'generation'>,
	waitMs: number,
): Promise<(QueueWorkResult & { generation: number }) | undefined> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		const open = await openIngest(work.pool);
		if (open) {
			if (open.modelId !== work.embeddings.modelId) {
				throw new AppError(
					'INDEX_INCOMPATIBLE',
					`The running ingest embeds with ${open.modelId}; this worker has ${work.embeddings.modelId}. ` +
						'Give every worker the same EMBEDDINGS_* settings.',
				);
			}
			return { generation: open.generation, ...(await workIngestQueue({ ...work, generation: open.generation })) };
		}
		if (Date.now() >= deadline) return undefined;
		await sleep(JOIN_POLL_MS);
	}
}
