import { Document } from '@langchain/core/documents';
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';
import type { Passage } from '../../src/corpus/types.ts';
import { isAppError } from '../../src/errors.ts';
import { HnswStore } from '../../src/store/HnswStore.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const TEXTS: Record<string, string> = {
	'harbour.txt': 'The harbour reopened to ferries on Monday. Fishermen welcomed the deeper channel.',
	'library.txt': 'The library opened a new wing. Volunteers catalogued twelve thousand donated books.',
	'budget.txt': 'The council passed the budget. Road repairs received the largest share.',
};

function documents(): Document[] {
	return Object.entries(TEXTS).flatMap(([file, text]) =>
		chunkArticle(file, text).map(({ text: pageContent, ...metadata }) => new Document({ pageContent, metadata })),
	);
}

describe('HnswStore as a LangChain vector store', () => {
	it('embeds documents sentence by sentence and finds a passage by any of its sentences', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		await store.addDocuments(documents());
		expect(store.sentenceCount).toBe(6);
		const [best] = await store.similaritySearch('donated books', 1);
		expect(best?.metadata).toMatchObject({ file: 'library.txt' });
		expect(best?.pageContent).toBe(TEXTS['library.txt']);
	});

	it('restricts a search to the files asked for', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		await store.addDocuments(documents());
		const results = await store.similaritySearch('donated books', 3, { files: new Set(['budget.txt']) });
		expect(results.map((document) => (document.metadata as Passage).file)).toEqual(['budget.txt']);
	});

	it('reloads what it saved, with the same search results and vectors', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		await store.addDocuments(documents());
		const dir = await dirs.make();
		await store.save(dir);
		const loaded = await HnswStore.load(dir, embeddings);
		const query = embeddings.embed('ferries harbour');
		expect(loaded.search(query, 3)).toEqual(store.search(query, 3));
		expect(loaded.passages).toEqual(store.passages);
		expect(Array.from(loaded.passageVectors(1)[0] ?? [])).toEqual(Array.from(store.passageVectors(1)[0] ?? []));
	});

	it('keeps growing after it was loaded', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		const [first, ...rest] = documents();
		await store.addDocuments(first ? [first] : []);
		const dir = await dirs.make();
		await store.save(dir);
		const loaded = await HnswStore.load(dir, embeddings);
		await loaded.addDocuments(rest);
		const [best] = await loaded.similaritySearch('road repairs share', 1);
		expect(best?.metadata).toMatchObject({ file: 'budget.txt' });
	});

	it('agrees with exact search on a small index', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		await store.addDocuments(documents());
		const query = embeddings.embed('council road repairs');
		expect(store.searchSentences(query, 3).map(([label]) => label)).toEqual(
			store.exactSearchSentences(query, 3).map(([label]) => label),
		);
	});

	it('rejects vectors that do not match the sentences', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		const error = await store.addVectors([embeddings.embed('one')], documents()).catch((caught: unknown) => caught);
		expect(isAppError(error, 'INDEX_INCOMPATIBLE')).toBe(true);
	});

	it('adds nothing when a vector has the wrong number of dimensions', async () => {
		const embeddings = new KeywordEmbeddings();
		const store = new HnswStore(embeddings, embeddings.dimensions);
		const vectors = Array.from({ length: 6 }, (_, i) =>
			Array.from({ length: i === 5 ? 8 : embeddings.dimensions }, () => 1),
		);
		const error = await store.addVectors(vectors, documents()).catch((caught: unknown) => caught);
		expect(isAppError(error, 'INDEX_INCOMPATIBLE')).toBe(true);
		expect(store.size).toBe(0);
	});
});
