import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { keywordRetriever } from '../helpers/keywordRetriever.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const ARTICLES: Record<string, string> = {
	'harbour.txt':
		'Harbour Reopens\n\nThe harbour reopened to ferries on Monday after dredging. Fishermen welcomed the deeper channel.\n\nThe port authority said cargo traffic would resume in spring.',
	'library.txt':
		'Library Expands\n\nThe city library opened a new wing with a children’s reading room. Ferries to the island library run hourly.\n\nVolunteers catalogued twelve thousand donated books.',
	'budget.txt':
		'Budget Passed\n\nThe council passed the annual budget after a long debate. Road repairs received the largest share.',
};

describe('HybridRetriever', () => {
	it('ranks the passage that matches the question first, in every mode', async () => {
		const hybrid = await keywordRetriever(ARTICLES, dirs.make);
		for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
			const { passages } = await hybrid.retrieve('When will cargo traffic resume at the port?', { k: 3, mode });
			expect(passages[0]?.passage.file).toBe('harbour.txt');
			expect(passages[0]?.passage.text).toContain('cargo traffic would resume');
		}
	});

	it('lets context terms, weighed lower, decide between passages the question alone matches equally', async () => {
		const hybrid = await keywordRetriever(ARTICLES, dirs.make);
		for (const [context, file] of [
			['harbour dredging', 'harbour.txt'],
			['island library', 'library.txt'],
		] as const) {
			for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
				const { passages } = await hybrid.retrieve('ferries', { k: 3, mode, context: { text: context, weight: 0.25 } });
				expect(passages[0]?.passage.file, `${context} (${mode})`).toBe(file);
			}
		}
		const plain = await hybrid.retrieve('ferries', { k: 3 });
		const ignored = await hybrid.retrieve('ferries', { k: 3, context: { text: 'island library', weight: 0 } });
		expect(ignored.passages.map(({ passage }) => passage.id)).toEqual(plain.passages.map(({ passage }) => passage.id));
	});

	it('restricts results to one source file when asked', async () => {
		const hybrid = await keywordRetriever(ARTICLES, dirs.make);
		const { passages } = await hybrid.retrieve('ferries', { k: 5, source: 'library.txt' });
		expect(passages.length).toBeGreaterThan(0);
		expect(new Set(passages.map((item) => item.passage.file))).toEqual(new Set(['library.txt']));
	});

	it('rejects a source that is not in the index', async () => {
		const hybrid = await keywordRetriever(ARTICLES, dirs.make);
		const error = await hybrid.retrieve('ferries', { k: 5, source: 'missing.txt' }).catch((caught: unknown) => caught);
		expect(isAppError(error, 'UNKNOWN_SOURCE')).toBe(true);
	});

	it('returns passages with their article and per-sentence similarities', async () => {
		const hybrid = await keywordRetriever(ARTICLES, dirs.make);
		const { passages, timings } = await hybrid.retrieve('library reading room', { k: 2 });
		const top = passages[0];
		expect(top?.article.title).toBe('Library Expands');
		expect(top?.sentenceSimilarities).toHaveLength(top?.passage.sentences.length ?? -1);
		expect(top?.similarity).toBe(Math.max(...(top?.sentenceSimilarities ?? [])));
		expect(timings.embedMs).toBeGreaterThanOrEqual(0);
	});
});
