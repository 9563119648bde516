import { describe, expect, it } from 'vitest';
import { diversify, fuse, type Candidate } from '../../src/retrieval/fuseRankings.ts';

describe('fuse', () => {
	const fillers: Candidate[] = [4, 5, 6, 7].map((label, i) => ({
		label,
		similarity: 0.3 + i * 0.02,
		lexical: 1,
		vectorRank: 8 - i,
		lexicalRank: 4 + i,
	}));
	const candidates: Candidate[] = [
		{ label: 1, similarity: 0.62, lexical: 2, vectorRank: 0, lexicalRank: 3 },
		{ label: 2, similarity: 0.57, lexical: 40, vectorRank: 3, lexicalRank: 0 },
		{ label: 3, similarity: 0.6, lexical: 9, vectorRank: 1, lexicalRank: 1 },
		...fillers,
	];

	it('keeps a passage that BM25 scores far above the rest on top (convex fusion)', () => {
		expect(fuse(candidates, 'convex')[0]?.[0]).toBe(2);
	});

	it('rewards agreement between the two rankings with reciprocal rank fusion', () => {
		expect(fuse(candidates, 'rrf')[0]?.[0]).toBe(3);
	});

	it('ranks by one side alone for the single-retriever baselines', () => {
		expect(
			fuse(candidates, 'vector')
				.map(([label]) => label)
				.slice(0, 3),
		).toEqual([1, 3, 2]);
		expect(
			fuse(candidates, 'lexical')
				.map(([label]) => label)
				.slice(0, 3),
		).toEqual([2, 3, 1]);
	});
});

describe('diversify', () => {
	it('lets a relevant passage from a second article in ahead of near-ties from the first', () => {
		const ranked: [string, number][] = [
			['a1', 1],
			['a2', 0.98],
			['a3', 0.97],
			['b1', 0.9],
		];
		const picked = diversify(ranked, 3, (item) => item[0] ?? '');
		expect(picked.map(([item]) => item)).toEqual(['a1', 'b1', 'a2']);
	});

	it('still returns the best items of a single article when nothing else is relevant', () => {
		const ranked: [string, number][] = [
			['a1', 1],
			['a2', 0.9],
			['b1', 0.1],
		];
		expect(diversify(ranked, 2, (item) => item[0] ?? '').map(([item]) => item)).toEqual(['a1', 'a2']);
	});
});
