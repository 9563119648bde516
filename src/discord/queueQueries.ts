import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ReindexableEngine } from '../engine/Engine.ts';

/**
 * Runs the engine's questions and searches one at a time, each after `beforeEach` and a turn of the event loop.
 * The queries are CPU-bound on this thread; without this, a burst of them would hold back other interactions' acknowledgements.
 */
export function queueQueries(engine: ReindexableEngine, beforeEach: () => Promise<void>): ReindexableEngine {
	let tail: Promise<unknown> = Promise.resolve();
	const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
		const run = tail
			.then(beforeEach)
			.then(() => nextTurn())
			.then(work);
		tail = run.catch(() => undefined);
		return run;
	};
	return {
		ask: (question, options) => inTurn(() => engine.ask(question, options)),
		search: (query, options) => inTurn(() => engine.search(query, options)),
		sources: () => engine.sources(),
		matchPassages: (typed, limit) => engine.matchPassages(typed, limit),
		passage: (id) => engine.passage(id),
		stats: () => engine.stats(),
		reindex: (onProgress) => engine.reindex(onProgress),
	};
}
