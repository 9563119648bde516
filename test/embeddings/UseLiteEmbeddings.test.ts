import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { USE_LITE_DIMENSIONS, UseLiteEmbeddings } from '../../src/embeddings/UseLiteEmbeddings.ts';
import { cosine, referenceVectors } from './referenceVectors.ts';
import { SAMPLE_TEXTS } from './sampleTexts.ts';

describe('UseLiteEmbeddings', () => {
	let model: UseLiteEmbeddings;
	let reference: number[][];

	beforeAll(async () => {
		[model, reference] = await Promise.all([UseLiteEmbeddings.load(), referenceVectors(SAMPLE_TEXTS)]);
	});
	afterAll(() => model.close());

	it('reproduces the reference @energetic-ai/embeddings vectors (cosine ≥ 0.999)', async () => {
		expect(SAMPLE_TEXTS).toHaveLength(20);
		const vectors = await model.embedDocuments([...SAMPLE_TEXTS]);
		expect(vectors).toHaveLength(reference.length);
		vectors.forEach((vector, i) => {
			expect(vector).toHaveLength(USE_LITE_DIMENSIONS);
			expect(cosine(vector, reference[i]!), SAMPLE_TEXTS[i]).toBeGreaterThanOrEqual(0.999);
		});
	});

	it('embeds a query as it embeds the same text among documents', async () => {
		const [, document] = await model.embedDocuments(['another text first', SAMPLE_TEXTS[0]!]);
		expect(cosine(await model.embedQuery(SAMPLE_TEXTS[0]!), document!)).toBeGreaterThanOrEqual(0.999_999);
	});

	it('gives an empty text the same vector wherever it sits in a batch', async () => {
		const [first, , last] = await model.embedDocuments(['', 'middle', '']);
		const alone = await model.embedQuery('');
		expect(cosine(first!, alone)).toBeGreaterThanOrEqual(0.999_999);
		expect(cosine(last!, alone)).toBeGreaterThanOrEqual(0.999_999);
	});

	it('returns no vectors for no documents', async () => {
		expect(await model.embedDocuments([])).toEqual([]);
	});

	it('names the weights, not the backend, in its model id', () => {
		expect(model.modelId).toBe('use-lite@energetic-ai-0.2.0');
		expect(model.dimensions).toBe(512);
	});

	it('fails with EMBEDDINGS_FAILED once closed', async () => {
		const closing = await UseLiteEmbeddings.load();
		await closing.close();
		const error: unknown = await closing.embedQuery('x').catch((caught: unknown) => caught);
		expect(isAppError(error, 'EMBEDDINGS_FAILED')).toBe(true);
	});
});
