import { describe, expect, it } from 'vitest';
import { convexFusion } from '../../src/bench/fusionSweep.ts';
import { alternate } from '../../src/bench/jobs/ingestJob.ts';

describe('convexFusion', () => {
	const candidates = [
		{ label: 1, similarity: 0.9, lexical: 0 },
		{ label: 2, similarity: 0.5, lexical: 10 },
		{ label: 3, similarity: 0.7, lexical: 5 },
	];

	it('ranks by similarity alone at weight 1 and by BM25 alone at weight 0', () => {
		expect(convexFusion(candidates, 1).map(([label]) => label)).toEqual([1, 3, 2]);
		expect(convexFusion(candidates, 0).map(([label]) => label)).toEqual([2, 3, 1]);
	});

	it('mixes min-max normalised similarity with BM25 relative to the best', () => {
		const scores = new Map(convexFusion(candidates, 0.5));
		expect(scores.get(3)).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.5);
	});
});

describe('alternate', () => {
	it('splits items by position so that both halves span the whole list', () => {
		expect(alternate([1, 2, 3, 4, 5])).toEqual([
			[1, 3, 5],
			[2, 4],
		]);
	});
});
