import { describe, expect, it } from 'vitest';
import { EMBED_BATCH, embedInBatches } from '../../src/ingest/embedInBatches.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';

describe('embedInBatches', () => {
	it('returns each text its own vector, in input order, whatever order it batches them in', async () => {
		const embeddings = new KeywordEmbeddings();
		const texts = Array.from({ length: EMBED_BATCH * 3 + 5 }, (_, i) => `${'word '.repeat(i % 17)}item${i} unique${i}`);
		const progress: number[] = [];
		const vectors = await embedInBatches(embeddings, texts, (done) => progress.push(done));
		expect(vectors).toHaveLength(texts.length);
		texts.forEach((text, i) => expect(vectors[i]).toEqual(Float32Array.from(embeddings.embed(text))));
		expect(progress.at(-1)).toBe(texts.length);
	});
});
