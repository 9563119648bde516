import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		testTimeout: 120_000,
		hookTimeout: 300_000,
		// The embedding model is CPU-bound: two forks match the two cores CI has.
		pool: 'forks',
		maxWorkers: 2,
	},
});
