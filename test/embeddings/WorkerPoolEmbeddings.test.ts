import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { UseLiteEmbeddings } from '../../src/embeddings/UseLiteEmbeddings.ts';
import { WorkerPoolEmbeddings, measureWorkerThroughput } from '../../src/embeddings/WorkerPoolEmbeddings.ts';
import { cosine } from './referenceVectors.ts';
import { SAMPLE_TEXTS } from './sampleTexts.ts';

const logger = pino({ level: 'silent' });
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

async function failure(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => undefined,
		(error: unknown) => error,
	);
}

describe('WorkerPoolEmbeddings', () => {
	let single: UseLiteEmbeddings;
	let pool: WorkerPoolEmbeddings;

	/** The model the pool keeps in the calling thread, for queries. */
	let own: UseLiteEmbeddings;

	beforeAll(async () => {
		single = await UseLiteEmbeddings.load();
		own = await UseLiteEmbeddings.load();
		pool = new WorkerPoolEmbeddings(own, { workers: 2, logger });
	});
	afterAll(async () => {
		await Promise.all([single.close(), pool.close()]);
	});

	it('embeds documents on two workers to the single-thread vectors, in input order', async () => {
		const texts = [...SAMPLE_TEXTS, ...SAMPLE_TEXTS.slice(0, 7).reverse()];
		const [pooled, expected] = await Promise.all([pool.embedDocuments(texts), single.embedDocuments(texts)]);
		expect(pooled).toHaveLength(texts.length);
		pooled.forEach((vector, i) => expect(cosine(vector, expected[i]!), texts[i]).toBeGreaterThanOrEqual(0.999_999));
	});

	it('embeds documents on the workers, never in the calling thread, which keeps serving meanwhile', async () => {
		const inThisThread = vi.spyOn(own, 'embedDocuments');
		let turns = 0;
		const ticking = setInterval(() => (turns += 1), 1);
		try {
			await pool.embedDocuments([...SAMPLE_TEXTS]);
		} finally {
			clearInterval(ticking);
			inThisThread.mockRestore();
		}
		expect(inThisThread).not.toHaveBeenCalled();
		// The calling thread ran other work while the batch was embedded elsewhere.
		expect(turns).toBeGreaterThan(0);
	});

	it('embeds queries in the calling thread with the same model', async () => {
		const [document] = await single.embedDocuments([SAMPLE_TEXTS[0]!]);
		expect(cosine(await pool.embedQuery(SAMPLE_TEXTS[0]!), document!)).toBeGreaterThanOrEqual(0.999_999);
		expect(pool.modelId).toBe(single.modelId);
		expect(pool.dimensions).toBe(512);
	});

	it('measures the throughput of the bare model on its workers', async () => {
		const result = await measureWorkerThroughput(pool, SAMPLE_TEXTS.slice(0, 4));
		expect(result.texts).toBe(4);
		expect(result.perSecond).toBeGreaterThan(0);
	});

	it('terminates its workers on close and refuses work afterwards', async () => {
		const terminate = vi.spyOn(Worker.prototype, 'terminate');
		const closing = new WorkerPoolEmbeddings(await UseLiteEmbeddings.load(), {
			workers: 2,
			logger,
			workerUrl: fixture('crashingWorker.ts'),
		});
		await closing.start();
		await closing.close();
		expect(terminate).toHaveBeenCalledTimes(2);
		// terminate() settles once the thread has stopped.
		await Promise.all(terminate.mock.results.map((result) => result.value as Promise<number>));
		terminate.mockRestore();
		expect(isAppError(await failure(closing.embedDocuments(['x'])), 'EMBEDDINGS_FAILED')).toBe(true);
	});

	it('fails with EMBEDDINGS_FAILED instead of hanging when a worker dies mid-batch', async () => {
		const crashing = new WorkerPoolEmbeddings(single, { workers: 2, logger, workerUrl: fixture('crashingWorker.ts') });
		const error = await failure(crashing.embedDocuments([...SAMPLE_TEXTS]));
		expect(isAppError(error, 'EMBEDDINGS_FAILED')).toBe(true);
		expect((error as Error).message).toContain('exited with code 3');
	});

	it('fails with EMBEDDINGS_UNAVAILABLE when a worker cannot load its model', async () => {
		const failing = new WorkerPoolEmbeddings(single, { workers: 2, logger, workerUrl: fixture('failingWorker.ts') });
		const error = await failure(failing.embedDocuments(['x']));
		expect(isAppError(error, 'EMBEDDINGS_UNAVAILABLE')).toBe(true);
		expect((error as Error).message).toContain('model files missing');
	});
});
