import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ReindexableEngine } from './Engine.ts';

/**
 * Wraps an engine so its questions and searches run one at a time, in arrival order, each after a turn of the event loop.
 * A query is CPU-bound on the calling thread; yielding before each one lets I/O that arrived meanwhile (such as a chat
 * client acknowledging other requests) go out between queries instead of after a whole burst of them. A question's
 * turn ends when its retrieval does, so one waiting on a language model does not hold up the questions behind it.
 */
export function queueQueries(engine: ReindexableEngine): ReindexableEngine {
	let tail: Promise<unknown> = Promise.resolve();
	const inTurn = <T>(work: (endTurn: () => void) => Promise<T>): Promise<T> => {
		let endTurn = (): void => undefined;
		const turnEnded = new Promise<void>((resolve) => (endTurn = resolve));
		const run = tail.then(() => nextTurn()).then(() => work(endTurn));
		tail = Promise.race([run.catch(() => undefined), turnEnded]);
		return run;
	};
	return {
		ask: (question, options) =>
			inTurn((endTurn) =>
				engine.ask(question, {
					...options,
					onRetrieved: () => {
						endTurn();
						options?.onRetrieved?.();
					},
				}),
			),
		search: (query, options) => inTurn(() => engine.search(query, options)),
		sources: () => engine.sources(),
		matchPassages: (typed, limit) => engine.matchPassages(typed, limit),
		passage: (id) => engine.passage(id),
		stats: () => engine.stats(),
		reindex: (onProgress) => engine.reindex(onProgress),
		add: (document) => engine.add(document),
	};
}
