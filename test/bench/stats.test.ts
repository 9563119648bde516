import { describe, expect, it } from 'vitest';
import { percentile, pickEvenly, summarise } from '../../src/bench/stats.ts';

describe('percentile', () => {
	it('takes the nearest rank of a sorted sample', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 95)).toBe(95);
		expect(percentile(values, 99)).toBe(99);
		expect(percentile(values, 100)).toBe(100);
	});

	it('returns the only value of a one-value sample for every percentile', () => {
		expect(percentile([7], 1)).toBe(7);
		expect(percentile([7], 99)).toBe(7);
	});

	it('is NaN for an empty sample', () => {
		expect(percentile([], 50)).toBeNaN();
	});
});

describe('summarise', () => {
	it('sorts the sample before taking percentiles', () => {
		const summary = summarise([30, 10, 20, 40]);
		expect(summary).toMatchObject({ count: 4, mean: 25, p50: 20, p95: 40, max: 40 });
	});
});

describe('pickEvenly', () => {
	it('spreads picks over the whole list, first item included', () => {
		expect(pickEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
	});

	it('returns everything when asked for more than there is', () => {
		expect(pickEvenly([1, 2], 5)).toEqual([1, 2]);
	});
});
