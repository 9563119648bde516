import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { queueQueries } from '../../src/discord/queueQueries.ts';

function recordingEngine(events: string[]): ReindexableEngine {
	const notCovered = (question: string): AnswerResult => ({
		kind: 'not_covered',
		question,
		related: [],
		retrieved: [],
		timings: { totalMs: 0 },
	});
	return {
		async ask(question) {
			events.push(`start ${question}`);
			await Promise.resolve();
			events.push(`end ${question}`);
			if (question === 'bad') throw new Error('engine failed');
			return notCovered(question);
		},
		search: async () => [],
		sources: () => [],
		matchPassages: () => [],
		passage: () => undefined,
		stats: () => ({ articles: 0, passages: 0 }),
		reindex: async () => ({ files: 0, passages: 0, embedded: 0, reused: 0, removed: 0, problems: [], seconds: 0 }),
	};
}

describe('queueQueries', () => {
	it('runs questions one at a time, in arrival order, after the hook and a turn of I/O', async () => {
		const events: string[] = [];
		const engine = queueQueries(recordingEngine(events), async () => void events.push('before'));
		const answers = Promise.all([engine.ask('a'), engine.ask('b')]);
		setImmediate(() => events.push('io'));
		await answers;
		expect(events).toEqual(['before', 'io', 'start a', 'end a', 'before', 'start b', 'end b']);
	});

	it('keeps serving after a question fails', async () => {
		const engine = queueQueries(recordingEngine([]), async () => undefined);
		await expect(engine.ask('bad')).rejects.toThrow('engine failed');
		await expect(engine.ask('good')).resolves.toMatchObject({ question: 'good' });
	});
});
