import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import {
	firstHit,
	loadNeedleSpecs,
	locateNeedles,
	scoreRanks,
	SOTU_NEEDLES,
	supports,
} from '../../src/bench/needles.ts';

const article = (file: string, text: string): Article => ({ file, sha256: '0'.repeat(64), title: file, text });

describe('supports', () => {
	const evidence = [{ file: 'a.txt', start: 100, end: 200 }];

	it('accepts a passage holding at least half of the evidence', () => {
		expect(supports({ file: 'a.txt', start: 150, end: 400 }, evidence)).toBe(true);
		expect(supports({ file: 'a.txt', start: 0, end: 150 }, evidence)).toBe(true);
	});

	it('rejects a passage holding less than half, or in another file', () => {
		expect(supports({ file: 'a.txt', start: 151, end: 400 }, evidence)).toBe(false);
		expect(supports({ file: 'b.txt', start: 100, end: 200 }, evidence)).toBe(false);
	});
});

describe('firstHit and scoreRanks', () => {
	it('ranks the first supporting passage and scores hit@1, hit@10 and MRR', () => {
		const spans = [{ file: 'a.txt', start: 10, end: 20 }];
		const retrieved = [
			{ file: 'a.txt', start: 30, end: 40 },
			{ file: 'a.txt', start: 0, end: 20 },
		];
		expect(firstHit(retrieved, spans)).toBe(1);
		expect(scoreRanks([0, 1, -1, 12])).toEqual({ questions: 4, hitAt1: 0.25, hitAt10: 0.5, mrr: 0.375 });
	});
});

describe('locateNeedles', () => {
	const articles = [
		article('a.txt', 'One sentence here. The needle sentence is this one.'),
		article('b.txt', 'Other text.'),
	];

	it('finds evidence in the named file, every occurrence', () => {
		const [needle] = locateNeedles(
			[{ question: 'q?', file: 'a.txt', evidence: 'The needle sentence is this one.' }],
			articles,
		);
		expect(needle?.spans).toEqual([{ file: 'a.txt', start: 19, end: 51 }]);
	});

	it('leaves out needles whose file is not in a partial corpus', () => {
		expect(
			locateNeedles([{ question: 'q?', file: 'c.txt', evidence: 'The needle sentence is this one.' }], articles),
		).toEqual([]);
	});

	it('throws when the evidence is not in the article it names', () => {
		expect(() =>
			locateNeedles([{ question: 'q?', file: 'b.txt', evidence: 'The needle sentence is this one.' }], articles),
		).toThrow(/not in the cleaned text of b.txt/u);
	});

	it('reads the SOTU needle file: at least 40 needles, each naming its address', async () => {
		const specs = await loadNeedleSpecs(SOTU_NEEDLES);
		expect(specs.length).toBeGreaterThanOrEqual(40);
		for (const spec of specs) expect(spec.file).toMatch(/^\d{4}_[a-z0-9_]+\.txt$/u);
	});
});
