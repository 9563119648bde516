import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/RateLimiter.ts';

describe('RateLimiter', () => {
	it('allows count uses per window and then says how long to wait', () => {
		let now = 1_000;
		const limiter = new RateLimiter(2, 30_000, () => now);
		expect(limiter.take('alice')).toEqual({ allowed: true });
		now += 10_000;
		expect(limiter.take('alice')).toEqual({ allowed: true });
		expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterMs: 20_000 });
	});

	it('frees a use as soon as it leaves the sliding window', () => {
		let now = 0;
		const limiter = new RateLimiter(1, 1_000, () => now);
		limiter.take('alice');
		now = 999;
		expect(limiter.take('alice').allowed).toBe(false);
		now = 1_000;
		expect(limiter.take('alice').allowed).toBe(true);
	});

	it('counts each user separately', () => {
		const limiter = new RateLimiter(1, 1_000, () => 0);
		expect(limiter.take('alice').allowed).toBe(true);
		expect(limiter.take('bob').allowed).toBe(true);
		expect(limiter.take('alice').allowed).toBe(false);
	});

	it('does not count refused attempts against the user', () => {
		let now = 0;
		const limiter = new RateLimiter(1, 1_000, () => now);
		limiter.take('alice');
		now = 500;
		limiter.take('alice');
		now = 1_000;
		expect(limiter.take('alice').allowed).toBe(true);
	});
});
