import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chunkArticle, MAX_PASSAGE_CHARS } from '../../src/corpus/chunkArticle.ts';
import { parseArticle } from '../../src/corpus/loadCorpus.ts';
import { splitSentences } from '../../src/corpus/splitSentences.ts';
import { SEEDS_DIR } from '../helpers/tempDirs.ts';

const FILES = ['000_6be32923d2a58d10.txt', '004_53ff372b4b2535ec.txt'];

async function articles() {
	return Promise.all(FILES.map(async (file) => parseArticle(file, await readFile(`${SEEDS_DIR}${file}`))));
}

describe('chunkArticle on the seed articles', () => {
	it('gives offsets that reproduce every passage and sentence exactly', async () => {
		for (const article of await articles()) {
			for (const passage of chunkArticle(article.file, article.text)) {
				expect(article.text.slice(passage.start, passage.end)).toBe(passage.text);
				expect(passage.sentences[0]?.[0]).toBe(passage.start);
				expect(passage.sentences.at(-1)?.[1]).toBe(passage.end);
			}
		}
	});

	it('covers the whole article, in order, without overlaps', async () => {
		for (const article of await articles()) {
			const passages = chunkArticle(article.file, article.text);
			const joined = passages.map((passage) => passage.text).join('');
			expect(joined.replace(/\s/gu, '')).toBe(article.text.replace(/\s/gu, ''));
			passages.slice(1).forEach((passage, i) => expect(passage.start).toBeGreaterThan(passages[i]?.end ?? 0));
		}
	});

	it('never starts or ends a passage inside a sentence', async () => {
		for (const article of await articles()) {
			const boundaries = new Set(splitSentences(article.text).flatMap((span) => [span.start, span.end]));
			for (const passage of chunkArticle(article.file, article.text)) {
				expect(boundaries.has(passage.start)).toBe(true);
				expect(boundaries.has(passage.end)).toBe(true);
			}
		}
	});

	it('keeps passages within the size limit and gives them stable ids', async () => {
		for (const article of await articles()) {
			const passages = chunkArticle(article.file, article.text);
			for (const passage of passages) {
				if (passage.sentences.length > 1) expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
			}
			expect(passages.map((passage) => passage.id)).toEqual(passages.map((_, i) => `${article.file}#${i}`));
			expect(chunkArticle(article.file, article.text)).toEqual(passages);
		}
	});
});

describe('splitSentences', () => {
	it('does not cut after titles, initials or U.S.', () => {
		const text = 'Mr. Smith met Dr. Jones and John F. Kennedy Jr. in Washington. The U.S. Army was there. It rained.';
		expect(splitSentences(text).map((span) => text.slice(span.start, span.end))).toEqual([
			'Mr. Smith met Dr. Jones and John F. Kennedy Jr. in Washington.',
			'The U.S. Army was there.',
			'It rained.',
		]);
	});

	it('ends a sentence at a line break, so headings stand alone', () => {
		const text = 'Tariff Timing\nThe timing of the announcements mattered.';
		expect(splitSentences(text).map((span) => text.slice(span.start, span.end))).toEqual([
			'Tariff Timing',
			'The timing of the announcements mattered.',
		]);
	});
});
