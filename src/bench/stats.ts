/** Summary of a sample of measurements (milliseconds, usually). */
export interface Summary {
	readonly count: number;
	readonly mean: number;
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly max: number;
}

/**
 * The nearest-rank percentile of values sorted ascending: the smallest value with at least p% of the sample at or
 * below it. NaN for an empty sample.
 */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
	return sorted[Math.max(0, rank - 1)] ?? Number.NaN;
}

/** Count, mean, p50/p95/p99 and max of a sample, in any order. */
export function summarise(values: readonly number[]): Summary {
	const sorted = [...values].sort((a, b) => a - b);
	const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
	return {
		count: sorted.length,
		mean,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1) ?? Number.NaN,
	};
}

/** `count` items spread evenly over `items`, first item included, in their order. */
export function pickEvenly<T>(items: readonly T[], count: number): T[] {
	if (count >= items.length) return [...items];
	return Array.from({ length: Math.max(0, count) }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}
