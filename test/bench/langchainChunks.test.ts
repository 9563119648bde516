import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../src/bench/jobs/langchainJob.ts';

describe('splitIntoChunks', () => {
	it('locates every overlapping chunk in its article, so hits are scored by offsets', async () => {
		const text = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} talks about topic ${i % 7}.`).join(' ');
		const chunks = await splitIntoChunks([{ file: 'a.txt', text }], 300, 60);
		expect(chunks.length).toBeGreaterThan(5);
		for (const chunk of chunks) {
			expect(chunk.metadata.file).toBe('a.txt');
			expect(text.slice(chunk.metadata.start, chunk.metadata.end)).toBe(chunk.pageContent);
		}
		const starts = chunks.map((chunk) => chunk.metadata.start);
		expect([...starts].sort((a, b) => a - b)).toEqual(starts);
	});
});
