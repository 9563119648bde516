import { describe, expect, it } from 'vitest';
import { collapseSyndicated, overlap, shingles } from '../../src/corpus/syndicatedCopies.ts';
import type { Article } from '../../src/corpus/types.ts';

const WIRE = [
	'Central bank officials held interest rates steady on Wednesday, citing signs that inflation was cooling faster than expected.',
	'The decision, which was widely anticipated by markets, leaves the benchmark rate at its highest level in more than two decades.',
	'Officials signalled that they could begin cutting rates later this year if the labour market continued to soften gradually.',
	'Stocks rose modestly after the announcement, while yields on government bonds fell to their lowest level since early spring.',
].join('\n\n');
const OTHER = [
	'The city council voted on Tuesday to approve a new bridge across the river, ending a debate that had lasted for a decade.',
	'Construction is expected to begin next spring and take about two years, according to the engineering firm hired for it.',
	'Residents of the eastern districts had long complained about the ferry, which stops running at nine in the evening.',
].join('\n\n');

function article(file: string, text: string, publisher?: string): Article {
	return { file, sha256: file.padEnd(64, '0'), title: file, text, ...(publisher ? { publisher } : {}) };
}

describe('collapseSyndicated', () => {
	it('keeps the first copy of a wire story and lists the other outlets on it', () => {
		const edited = `${WIRE.replace('on Wednesday', 'on Wednesday afternoon')}\n\nThis story was provided by a news agency.`;
		const { articles, problems } = collapseSyndicated([
			article('ap.txt', WIRE, 'AP'),
			article('other.txt', OTHER, 'Gazette'),
			article('herald.html', edited, 'The Herald'),
			article('tribune.html', WIRE, 'The Tribune'),
		]);
		expect(articles.map((kept) => [kept.file, kept.alsoIn])).toEqual([
			['ap.txt', ['The Herald', 'The Tribune']],
			['other.txt', undefined],
		]);
		expect(problems.map((problem) => problem.file)).toEqual(['herald.html', 'tribune.html']);
		expect(problems[0]?.reason).toBe('a copy of ap.txt, indexed once (listed there as also in The Herald)');
	});

	it('keeps two different stories on the same subject apart', () => {
		const followUp = [
			'Central bank officials are expected to hold interest rates steady again next month, economists said on Friday.',
			'Most forecasters now expect the first cut in the autumn, after a run of weaker jobs reports this summer.',
			'Markets have priced in two cuts by the end of the year, though officials have warned against reading too much into that.',
		].join('\n\n');
		const { articles } = collapseSyndicated([article('a.txt', WIRE, 'AP'), article('b.txt', followUp, 'AP')]);
		expect(articles).toHaveLength(2);
	});

	it('does not call short articles copies for sharing a stock phrase', () => {
		const { articles } = collapseSyndicated([
			article('a.txt', 'Markets were closed on Monday for the holiday.'),
			article('b.txt', 'Markets were closed on Monday for the holiday.'),
		]);
		expect(articles).toHaveLength(2);
	});
});

describe('shingles', () => {
	it('measures copies with small edits as alike and unrelated text as not', () => {
		const edited = WIRE.replace('steady', 'unchanged');
		expect(overlap(shingles(WIRE), shingles(edited))).toBeGreaterThan(0.8);
		expect(overlap(shingles(WIRE), shingles(OTHER))).toBe(0);
	});
});
