import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/cleanArticle.ts';
import { parseArticle } from '../../src/corpus/loadCorpus.ts';
import { boilerplateIn } from '../../src/eval/boilerplate.ts';
import { SEEDS_DIR } from '../helpers/tempDirs.ts';

const BLOOMBERG = '004_53ff372b4b2535ec.txt';
const SUMMIT = '000_6be32923d2a58d10.txt';

async function seed(file: string) {
	const raw = await readFile(`${SEEDS_DIR}${file}`);
	return { raw: raw.toString('utf8'), article: parseArticle(file, raw) };
}

function count(text: string, needle: string): number {
	return text.split(needle).length - 1;
}

describe('cleaning the real seed articles', () => {
	it('removes ads, paywall prompts, newsletter sign-up and share text from the Bloomberg article', async () => {
		const { article } = await seed(BLOOMBERG);
		expect(boilerplateIn(article.text)).toEqual([]);
		expect(article.text).not.toMatch(/^or$/mu);
	});

	it('keeps the Bloomberg lead once, although the page prints it three times', async () => {
		const { raw, article } = await seed(BLOOMBERG);
		const lead = 'Talks between the US and China on trade and other issues are stuck at lower levels';
		expect(count(raw, lead)).toBe(3);
		expect(count(article.text, lead)).toBe(1);
	});

	it('keeps every line of article text, word for word', async () => {
		const { raw, article } = await seed(BLOOMBERG);
		const articleLines = raw
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line.length > 120 && boilerplateIn(line).length === 0)
			.map((line) => line.replace(/^\(Bloomberg\) — /u, ''));
		expect(articleLines.length).toBeGreaterThan(25);
		for (const line of articleLines) expect(article.text).toContain(line);
		expect(article.text).toContain('Tariff Timing');
	});

	it('reads the publisher from the "(Bloomberg) —" lead and drops the credit from the text', async () => {
		const { article } = await seed(BLOOMBERG);
		expect(article.publisher).toBe('Bloomberg');
		expect(article.text.startsWith('Talks between the US and China')).toBe(true);
	});

	it('takes headline and date line off the summit article, drops the photo credit and keeps the dek', async () => {
		const { article } = await seed(SUMMIT);
		expect(article.title).toBe('Trump, at Summit, Opposed Closer Law Enforcement Ties with China');
		expect(article.date).toBe('2017-11-09');
		expect(article.text).not.toContain('Getty Images');
		expect(article.text).not.toContain('November 9, 2017');
		expect(article.text.startsWith('President pressed Chinese leader to curb exports of opioid drug fentanyl')).toBe(
			true,
		);
		expect(article.text).toContain('The Trump administration rejected China');
	});

	it('gives an article without a headline a title from its first sentence', async () => {
		const { article } = await seed(BLOOMBERG);
		expect(article.title).toMatch(/^Talks between the US and China on trade/u);
		expect(article.title.length).toBeLessThanOrEqual(91);
	});
});

describe('promo and paywall furniture, in wordings the seeds do not use', () => {
	const STORY = [
		'The harbour authority approved a second container terminal on Monday after two years of hearings.',
		'Work on the quay starts next month and is expected to take three years, the authority said.',
	];

	it.each([
		'You have 2 free articles left this month',
		'Only one free story remaining. Subscribe for unlimited access',
		'READ MORE: Harbour dredging delayed again',
		'Related: Why the port keeps growing',
		'See also » The ferry timetable for winter',
		'Subscribe to the Ledger',
		'Sign up for The Morning Briefing',
		'Already a subscriber? Log in here',
		'Powered by SmartAsset.com',
		'© 2024 Harbour Times Media. All rights reserved.',
		'Click here to subscribe to our print edition',
	])('drops "%s" and keeps the story around it', (line) => {
		const cleaned = cleanArticle([STORY[0], line, STORY[1]].join('\n'));
		expect(cleaned.paragraphs).toEqual(STORY);
	});

	it('keeps article sentences that merely mention reading, subscribing or related matters', () => {
		const sentences = [
			'More than 300 people subscribed to the consultation, the authority said.',
			'Related businesses on the quay will be compensated: the fund holds 2 million euros.',
			'Read more carefully, the plan shows that free articles of trade were never at stake.',
		];
		expect(cleanArticle(sentences.join('\n')).paragraphs).toEqual(sentences);
	});
});
