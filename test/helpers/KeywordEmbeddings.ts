import { Embeddings } from '@langchain/core/embeddings';
import { contentTerms } from '../../src/text/terms.ts';
import type { EmbeddingModel } from '../../src/embeddings/types.ts';

const DIMENSIONS = 64;

function bucket(term: string): number {
	let hash = 2_166_136_261;
	for (const char of term) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16_777_619);
	return Math.abs(hash) % DIMENSIONS;
}

/**
 * A deterministic bag-of-words embedding: texts that share content words are close, so ranking can be tested
 * without the real model. Counts what it embeds, for incremental-ingest tests.
 */
export class KeywordEmbeddings extends Embeddings implements EmbeddingModel {
	public readonly dimensions = DIMENSIONS;
	public embeddedTexts: string[] = [];

	public constructor(public readonly modelId = 'keyword-test-model') {
		super({});
	}

	public embed(text: string): number[] {
		const vector = new Array<number>(DIMENSIONS).fill(0);
		for (const term of contentTerms(text)) vector[bucket(term)] = (vector[bucket(term)] ?? 0) + 1;
		vector[DIMENSIONS - 1] = (vector[DIMENSIONS - 1] ?? 0) + 0.01;
		return vector;
	}

	public embedDocuments(texts: string[]): Promise<number[][]> {
		this.embeddedTexts.push(...texts);
		return Promise.resolve(texts.map((text) => this.embed(text)));
	}

	public embedQuery(text: string): Promise<number[]> {
		return Promise.resolve(this.embed(text));
	}

	public close(): Promise<void> {
		return Promise.resolve();
	}
}
