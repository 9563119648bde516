import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { keywordRetriever } from '../helpers/keywordRetriever.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

/** Markdown with front matter, so that the article has a publisher and a date. */
function article(title: string, date: string, publisher: string, body: string): string {
	return `---\ntitle: ${title}\ndate: ${date}\npublisher: ${publisher}\n---\n\n${body}\n`;
}

/** More old ferry stories than either retriever returns before fusion (40), each a closer match than the new one. */
const OLD_FERRY_STORIES = Object.fromEntries(
	Array.from({ length: 45 }, (_, i) => [
		`old_${String(i).padStart(2, '0')}.md`,
		article(
			`Ferry timetable ${i}`,
			`2020-03-${String((i % 28) + 1).padStart(2, '0')}`,
			'Island Gazette',
			`The island ferry timetable changed again: ferry ${i} now sails at dawn, and the ferry fare rose for ferry passengers.`,
		),
	]),
);

const NEW_FERRY_STORY = article(
	'Harbour works finish',
	'2025-05-12',
	'Coast Herald',
	'Dredging of the harbour finished on Monday, and the ferry will use the deeper channel from June.',
);

async function failure(work: Promise<unknown>): Promise<Error> {
	const error = await work.then(
		() => undefined,
		(caught: unknown) => caught,
	);
	if (!(error instanceof Error)) throw new Error('expected the retrieval to fail');
	return error;
}

describe('date and publisher filters inside retrieval', () => {
	it('finds the one article in the date range even when more than 40 passages outside it match better', async () => {
		const hybrid = await keywordRetriever({ ...OLD_FERRY_STORIES, 'new.md': NEW_FERRY_STORY }, dirs.make);
		const unfiltered = await hybrid.retrieve('ferry timetable', { k: 5 });
		expect(unfiltered.passages.map((item) => item.passage.file)).not.toContain('new.md');
		for (const mode of ['hybrid', 'vector', 'lexical'] as const) {
			for (const after of ['2025-05-12', '12 May 2025', '2025-05', '2021']) {
				const { passages } = await hybrid.retrieve('ferry timetable', { k: 5, after, mode });
				expect(
					passages.map((item) => item.passage.file),
					`${mode} after ${after}`,
				).toEqual(['new.md']);
			}
		}
	});

	it('keeps both ends of the range inclusive, a month counting whole', async () => {
		const hybrid = await keywordRetriever({ ...OLD_FERRY_STORIES, 'new.md': NEW_FERRY_STORY }, dirs.make);
		const files = async (after?: string, before?: string) =>
			(await hybrid.retrieve('ferry', { k: 50, ...(after ? { after } : {}), ...(before ? { before } : {}) })).passages
				.map((item) => item.passage.file)
				.sort();
		expect(await files('2025-05-12', '2025-05-12')).toEqual(['new.md']);
		expect(await files(undefined, 'March 2020')).toHaveLength(45);
		expect(await files('2020-03-28', '2020-03-28')).toEqual(['old_27.md']);
		expect(await files('2020-03-28', '2025-05')).toEqual(['new.md', 'old_27.md']);
	});

	it('restricts both retrievers to a publisher, matched without regard to case', async () => {
		const hybrid = await keywordRetriever({ ...OLD_FERRY_STORIES, 'new.md': NEW_FERRY_STORY }, dirs.make);
		for (const mode of ['vector', 'lexical'] as const) {
			const { passages } = await hybrid.retrieve('ferry timetable', { k: 5, publisher: 'coast herald', mode });
			expect(passages.map((item) => item.article.publisher)).toEqual(['Coast Herald']);
		}
	});

	it('explains a filter that no article passes, with the span of dates the corpus has', async () => {
		const hybrid = await keywordRetriever({ ...OLD_FERRY_STORIES, 'new.md': NEW_FERRY_STORY }, dirs.make);
		const late = await failure(hybrid.retrieve('ferry', { k: 5, after: '2026' }));
		expect(isAppError(late, 'NO_MATCHING_ARTICLES')).toBe(true);
		expect(late.message).toBe(
			'No indexed article is published on or after 2026-01-01 (the dated articles run from 2020-03-01 to 2025-05-12).',
		);
		const crossed = await failure(hybrid.retrieve('ferry', { k: 5, after: 'June 2025', before: 'May 2025' }));
		expect(crossed.message).toMatch(/2025-06-01 is later than 2025-05-31\.$/u);
		const mixed = await failure(hybrid.retrieve('ferry', { k: 5, publisher: 'Coast Herald', before: '2024' }));
		expect(mixed.message).toMatch(/^No indexed article is from Coast Herald, published on or before 2024-12-31/u);
	});

	it('refuses a publisher the corpus does not have, listing those it has, and a date it cannot read', async () => {
		const hybrid = await keywordRetriever({ ...OLD_FERRY_STORIES, 'new.md': NEW_FERRY_STORY }, dirs.make);
		const publisher = await failure(hybrid.retrieve('ferry', { k: 5, publisher: 'Daily Planet' }));
		expect(isAppError(publisher, 'UNKNOWN_PUBLISHER')).toBe(true);
		expect(publisher.message).toBe(
			'No indexed article is from Daily Planet; the publishers are Coast Herald, Island Gazette.',
		);
		const date = await failure(hybrid.retrieve('ferry', { k: 5, before: 'next Tuesday' }));
		expect(isAppError(date, 'DATE_INVALID')).toBe(true);
	});

	it('leaves undated articles out of a date-filtered search', async () => {
		const hybrid = await keywordRetriever(
			{
				'undated.txt': 'The ferry timetable changed again this spring for every ferry passenger.',
				'new.md': NEW_FERRY_STORY,
			},
			dirs.make,
		);
		const { passages } = await hybrid.retrieve('ferry timetable', { k: 5, before: '2030' });
		expect(passages.map((item) => item.passage.file)).toEqual(['new.md']);
	});
});

describe('preferring the newest article', () => {
	const OLDER = article(
		'Ferry fares',
		'2024-01-10',
		'Island Gazette',
		'Ferry fares to the island rose to four pounds, the ferry operator said on the island quay today.',
	);
	const NEWER = article(
		'Fares again',
		'2025-02-03',
		'Coast Herald',
		'Ferry fares to the island rose to five pounds, the ferry operator said on the island quay.',
	);
	const OTHER = article(
		'Harbour',
		'2023-06-01',
		'Coast Herald',
		'The harbour master retired after forty years at sea.',
	);

	it('keeps only the newest of passages that say the same thing, at the rank of the best of them', async () => {
		const hybrid = await keywordRetriever({ 'older.md': OLDER, 'newer.md': NEWER, 'other.md': OTHER }, dirs.make);
		const question = 'What did the ferry operator say about ferry fares on the island quay today?';
		const plain = await hybrid.retrieve(question, { k: 3 });
		expect(plain.passages.map((item) => item.passage.file).slice(0, 2)).toEqual(['older.md', 'newer.md']);
		const newest = await hybrid.retrieve(question, { k: 3, newest: true });
		expect(newest.passages.map((item) => item.passage.file)).toEqual(['newer.md', 'other.md']);
	});
});
