import { describe, expect, it } from 'vitest';
import { keepRowsSection, rowsSection, withRowsSection } from '../../src/bench/markdownSection.ts';

describe('the bench:rows section of BENCHMARKS.md', () => {
	it('is added at the end, then replaced in place', () => {
		const first = withRowsSection('# Benchmarks\n\nbody\n', rowsSection('rows v1'));
		expect(first).toBe('# Benchmarks\n\nbody\n\n<!-- bench:rows -->\nrows v1\n<!-- /bench:rows -->\n');
		const second = withRowsSection(first, rowsSection('rows v2'));
		expect(second).toBe(first.replace('rows v1', 'rows v2'));
	});

	it('survives a full npm run bench, which rewrites everything else', () => {
		const previous = withRowsSection('# Benchmarks\n\nold run\n', rowsSection('rows'));
		const kept = keepRowsSection(previous, '# Benchmarks\n\nnew run\n');
		expect(kept).toContain('new run');
		expect(kept).not.toContain('old run');
		expect(kept).toContain('<!-- bench:rows -->\nrows\n<!-- /bench:rows -->');
		expect(keepRowsSection('# no section', '# new')).toBe('# new');
	});
});
