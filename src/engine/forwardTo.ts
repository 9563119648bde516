import type { Engine } from './Engine.ts';

/** An engine whose every call goes to the engine `current` returns at that moment: how a swapped-in index serves. */
export function forwardTo(current: () => Engine): Engine {
	return {
		ask: (question, options) => current().ask(question, options),
		search: (query, options) => current().search(query, options),
		sources: () => current().sources(),
		matchPassages: (typed, limit) => current().matchPassages(typed, limit),
		passage: (id) => current().passage(id),
		stats: () => current().stats(),
	};
}
