const INTERACTION_CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/**
 * Tracks interactions that have arrived but whose acknowledgement Discord has not yet answered,
 * so CPU-bound work can let those acknowledgements out first.
 */
export class AcknowledgementGate {
	readonly #pending = new Set<string>();
	#waiters: (() => void)[] = [];

	public received(interactionId: string): void {
		this.#pending.add(interactionId);
	}

	/** Marks an interaction done, from the path of a REST request (only interaction callbacks count) or its id. */
	public settled(pathOrId: string): void {
		const id = INTERACTION_CALLBACK.exec(pathOrId)?.[1] ?? pathOrId;
		if (!this.#pending.delete(id) || this.#pending.size > 0) return;
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const wake of waiters) wake();
	}

	/** Resolves once no acknowledgement is outstanding, or after `maxWaitMs` at the latest. */
	public async clear(maxWaitMs: number): Promise<void> {
		if (this.#pending.size === 0) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, maxWaitMs);
			this.#waiters.push(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}
}
