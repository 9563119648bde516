import { describe, expect, it } from 'vitest';
import { AnswerMemory, type RememberedAnswer } from '../../src/discord/AnswerMemory.ts';

const answer = (question: string): RememberedAnswer => ({
	command: 'ask',
	askerId: '1',
	result: {
		kind: 'not_covered',
		reason: 'not_covered',
		confidence: 0,
		question,
		related: [],
		retrieved: [],
		timings: { totalMs: 1 },
	},
});

describe('AnswerMemory', () => {
	it('forgets the least recently stored answers beyond its capacity', () => {
		const memory = new AnswerMemory(2);
		memory.remember('a', answer('A'));
		memory.remember('b', answer('B'));
		memory.remember('c', answer('C'));
		expect(memory.recall('a')).toBeUndefined();
		expect(memory.recall('b')?.result.question).toBe('B');
		expect(memory.recall('c')?.result.question).toBe('C');
	});
});
