import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ID, TOKEN } from './fakeDiscord.ts';

// The tsx loader inside this node process, not the tsx CLI: the CLI is a second process that relays signals itself.
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface EntryPointRun {
	readonly child: ChildProcess;
	/** Everything written to stdout and stderr so far. */
	output(): string;
	/** Resolves with the exit code. */
	readonly exited: Promise<number | null>;
	/** Resolves once the output contains `text`. */
	waitForOutput(text: string, timeoutMs?: number): Promise<void>;
}

/** The environment `npm start` gets against a fake Discord, with the corpus, index and database under `dir`. */
export function botEnv(apiBase: string, dir: string, dataDir = join(dir, 'data')): Record<string, string> {
	return {
		DISCORD_TOKEN: TOKEN,
		DISCORD_CLIENT_ID: APP_ID,
		DISCORD_API_BASE: apiBase,
		CORPUS_DIR: join(dir, 'corpus'),
		INDEX_DIR: join(dir, 'index'),
		DATA_DIR: dataDir,
		FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
	};
}

/** Runs a TypeScript entry point of this repo in a child process, in `cwd` (where it looks for `.env`). */
export function runEntryPoint(script: string, env: Record<string, string>, cwd: string): EntryPointRun {
	const child = spawn(
		process.execPath,
		['--import', TSX_LOADER, fileURLToPath(new URL(`../../${script}`, import.meta.url))],
		{
			cwd,
			env: { PATH: process.env['PATH'] ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	const listeners = new Set<() => void>();
	const collect = (chunk: Buffer): void => {
		output += chunk.toString('utf8');
		for (const listener of listeners) listener();
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		child,
		output: () => output,
		exited,
		waitForOutput: (text, timeoutMs = 60_000) =>
			new Promise((resolve, reject) => {
				const check = (): void => {
					if (!output.includes(text)) return;
					listeners.delete(check);
					clearTimeout(timer);
					resolve();
				};
				const timer = setTimeout(() => {
					listeners.delete(check);
					reject(new Error(`timed out waiting for "${text}" in:\n${output}`));
				}, timeoutMs);
				listeners.add(check);
				check();
			}),
	};
}
