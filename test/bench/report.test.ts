import { describe, expect, it } from 'vitest';
import { delayOf } from '../../src/bench/eventLoop.ts';
import { table } from '../../src/bench/format.ts';
import { beatsAll } from '../../src/bench/report.ts';

describe('beatsAll', () => {
	it('requires hybrid to be strictly above every alternative', () => {
		expect(beatsAll(0.92, [0.8, 0.9, 0.5])).toBe(true);
		expect(beatsAll(0.9, [0.8, 0.9])).toBe(false);
		expect(beatsAll(Number.NaN, [0.1])).toBe(false);
	});
});

describe('delayOf', () => {
	it('counts only the time past the sampling interval', () => {
		expect(delayOf(10)).toBe(0);
		expect(delayOf(75)).toBe(65);
		expect(delayOf(3)).toBe(0);
	});
});

describe('table', () => {
	it('renders a Markdown table and escapes pipes in cells', () => {
		expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
	});
});
