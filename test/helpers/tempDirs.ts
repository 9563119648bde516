import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export const SEEDS_DIR = new URL('../../seeds/', import.meta.url).pathname;

/** Temporary directories for one test file, removed after each test. */
export function useTempDirs(): { make(prefix?: string): Promise<string>; copySeeds(): Promise<string> } {
	const made: string[] = [];
	afterEach(async () => {
		await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
	});
	const make = async (prefix = 'footnote-test-'): Promise<string> => {
		const dir = await mkdtemp(path.join(tmpdir(), prefix));
		made.push(dir);
		return dir;
	};
	return {
		make,
		async copySeeds() {
			const dir = await make('footnote-corpus-');
			await cp(SEEDS_DIR, dir, { recursive: true });
			return dir;
		},
	};
}
