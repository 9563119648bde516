export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

const SWEEP_THRESHOLD = 10_000;

/** A sliding-window limit of `count` uses per key in any `windowMs`. */
export class RateLimiter {
	readonly #uses = new Map<string, number[]>();

	public constructor(
		private readonly count: number,
		private readonly windowMs: number,
		private readonly now: () => number = Date.now,
	) {}

	public take(key: string): RateDecision {
		const now = this.now();
		if (this.#uses.size > SWEEP_THRESHOLD) this.#sweep(now);
		const recent = (this.#uses.get(key) ?? []).filter((at) => now - at < this.windowMs);
		if (recent.length >= this.count) {
			this.#uses.set(key, recent);
			return { allowed: false, retryAfterMs: recent[0]! + this.windowMs - now };
		}
		recent.push(now);
		this.#uses.set(key, recent);
		return { allowed: true };
	}

	#sweep(now: number): void {
		for (const [key, uses] of this.#uses) {
			if (uses.every((at) => now - at >= this.windowMs)) this.#uses.delete(key);
		}
	}
}
