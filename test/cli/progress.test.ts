import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.ts';

describe('progressLine', () => {
	it('states the share done, the rate and the time left', () => {
		expect(progressLine('Embedding sentences', 1_200, 5_000, 4_000)).toBe(
			'Embedding sentences: 1,200/5,000 (24%), 300/s, about 13 s left',
		);
		expect(progressLine('Embedding sentences', 1_000, 100_000, 10_000)).toBe(
			'Embedding sentences: 1,000/100,000 (1%), 100/s, about 16 min 30 s left',
		);
	});

	it('says when it is starting and when it is done', () => {
		expect(progressLine('Embedding', 0, 10, 0)).toBe('Embedding: 0/10 (0%), 0.0/s, starting');
		expect(progressLine('Embedding', 10, 10, 2_000)).toBe('Embedding: 10/10 (100%), 5.0/s, done');
	});
});
