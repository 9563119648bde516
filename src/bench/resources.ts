import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Megabytes as the targets state them (10^6 bytes). */
export const MB = 1_000_000;

/** Peak resident set size of this process so far, worker threads included, in MB. */
export function peakRssMb(): number {
	// resourceUsage().maxRSS is in KiB.
	return (process.resourceUsage().maxRSS * 1_024) / MB;
}

export interface MemorySnapshot {
	readonly rssMb: number;
	readonly heapUsedMb: number;
	/** Memory of C++ objects bound to JS (typed arrays, native addons' buffers). */
	readonly externalMb: number;
	readonly arrayBuffersMb: number;
}

export function memorySnapshot(): MemorySnapshot {
	const usage = process.memoryUsage();
	return {
		rssMb: usage.rss / MB,
		heapUsedMb: usage.heapUsed / MB,
		externalMb: usage.external / MB,
		arrayBuffersMb: usage.arrayBuffers / MB,
	};
}

/** Sizes in bytes of the files directly inside `dir`, by name. */
export async function fileSizes(dir: string): Promise<Record<string, number>> {
	const sizes: Record<string, number> = {};
	for (const name of (await readdir(dir)).sort()) {
		const info = await stat(path.join(dir, name));
		if (info.isFile()) sizes[name] = info.size;
	}
	return sizes;
}

export function totalOf(sizes: Readonly<Record<string, number>>): number {
	return Object.values(sizes).reduce((sum, size) => sum + size, 0);
}
