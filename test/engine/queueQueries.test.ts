import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { queueQueries } from '../../src/engine/queueQueries.ts';

/** An engine whose questions hold the thread for `busyMs`, like embedding and ranking do. */
function busyEngine(busyMs: number): ReindexableEngine {
	const notCovered = (question: string): AnswerResult => ({
		kind: 'not_covered',
		reason: 'not_covered',
		confidence: 0,
		question,
		related: [],
		retrieved: [],
		timings: { totalMs: busyMs },
	});
	return {
		async ask(question) {
			const until = performance.now() + busyMs;
			while (performance.now() < until);
			if (question === 'bad') throw new Error('engine failed');
			return notCovered(question);
		},
		search: async () => [],
		sources: () => [],
		matchPassages: () => [],
		passage: () => undefined,
		stats: () => ({ articles: 0, passages: 0 }),
		reindex: async () => ({ files: 0, passages: 0, embedded: 0, reused: 0, removed: 0, problems: [], seconds: 0 }),
		add: async () => ({ kind: 'refused', reason: 'not in this test' }),
	};
}

describe('queueQueries', () => {
	it('lets I/O that is waiting run between two queued questions, not only after the whole burst', async () => {
		const engine = queueQueries(busyEngine(20));
		const finished: string[] = [];
		const waiting = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => finished.push('io'));
		const burst = ['a', 'b', 'c'].map((question) => engine.ask(question).then(() => finished.push(question)));
		await Promise.all([...burst, waiting]);
		expect(finished.indexOf('io')).toBeLessThan(finished.indexOf('b'));
	});

	it('keeps answering after a question fails', async () => {
		const engine = queueQueries(busyEngine(0));
		await expect(engine.ask('bad')).rejects.toThrow('engine failed');
		await expect(engine.ask('good')).resolves.toMatchObject({ question: 'good' });
	});

	it('starts the next question once a question has retrieved, while that one still waits on its composer', async () => {
		let releaseModel = (): void => undefined;
		const modelReplied = new Promise<void>((resolve) => (releaseModel = resolve));
		const busy = busyEngine(0);
		const engine = queueQueries({
			...busy,
			async ask(question, options) {
				options?.onRetrieved?.();
				if (question === 'slow') await modelReplied;
				return busy.ask(question, options);
			},
		});
		const finished: string[] = [];
		// Released after a while in any case, so a queue that waits for it fails the order check rather than hanging.
		setTimeout(releaseModel, 1_000);
		const slow = engine.ask('slow').then(() => finished.push('slow'));
		await engine.ask('fast').then(() => finished.push('fast'));
		expect(finished).toEqual(['fast']);
		await slow;
		expect(finished).toEqual(['fast', 'slow']);
	});
});
