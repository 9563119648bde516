import { describe, expect, it } from 'vitest';
import { EMBED_BATCH, embedInBatches } from '../../src/ingest/embedInBatches.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';

describe('embedInBatches', () => {
	it('hands on each text its own vector, whatever order it batches them in', async () => {
		const embeddings = new KeywordEmbeddings();
		const texts = Array.from({ length: EMBED_BATCH * 3 + 5 }, (_, i) => `${'word '.repeat(i % 17)}item${i} unique${i}`);
		const vectors = new Array<Float32Array>(texts.length);
		const progress: number[] = [];
		await embedInBatches(
			embeddings,
			texts,
			(positions, flat) => {
				positions.forEach((position, i) => {
					vectors[position] = flat.subarray(i * embeddings.dimensions, (i + 1) * embeddings.dimensions);
				});
				return Promise.resolve();
			},
			(done) => progress.push(done),
		);
		texts.forEach((text, i) => expect(vectors[i]).toEqual(Float32Array.from(embeddings.embed(text))));
		expect(progress.at(-1)).toBe(texts.length);
	});

	it('hands batches on in the order it took them, even when a later one finishes first', async () => {
		const embeddings = new KeywordEmbeddings();
		const slowFirst = embeddings.embedDocuments.bind(embeddings);
		let calls = 0;
		embeddings.embedDocuments = async (batch) => {
			if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			return slowFirst(batch);
		};
		const texts = Array.from({ length: EMBED_BATCH * 2 }, (_, i) => `text ${'x'.repeat(i)}`);
		const firstPositions: number[] = [];
		await embedInBatches(embeddings, texts, (positions) => {
			firstPositions.push(positions[0] ?? -1);
			return Promise.resolve();
		});
		expect(firstPositions).toEqual([0, EMBED_BATCH]);
	});
});
