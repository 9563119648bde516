import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ReindexableEngine } from './Engine.ts';

/**
 * Wraps an engine so its questions and searches run one at a time, in arrival order, each after a turn of the event loop.
 * A query is CPU-bound on the calling thread; yielding before each one lets I/O that arrived meanwhile (such as a chat
 * client acknowledging other requests) go out between queries instead of after a whole burst of them.
 */
export function queueQueries(engine: ReindexableEngine): ReindexableEngine {
	let tail: Promise<unknown> = Promise.resolve();
	const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
		const run = tail.then(() => nextTurn()).then(work);
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
		add: (document) => engine.add(document),
	};
}
