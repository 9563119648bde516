import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/** What a job child tells its parent. */
export type ChildMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'result'; readonly result: unknown }
	| { readonly type: 'error'; readonly message: string };

export type JobName = 'ingest' | 'serve' | 'analyse' | 'langchain';

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface JobRun<Result> {
	readonly result: Result;
	/** Wall time from spawning the process to its `ready` message, when it sent one. */
	readonly readyMs?: number;
	readonly wallMs: number;
}

/**
 * Runs one benchmark job in a fresh Node process (TypeScript through tsx, as `npm start` runs), so that its peak
 * memory and start-up time are its own.
 * @throws Error with the child's message when the job fails or the process dies.
 */
export async function runJob<Result>(job: JobName, spec: unknown): Promise<JobRun<Result>> {
	const specDir = await mkdtemp(path.join(tmpdir(), 'footnote-bench-spec-'));
	const specFile = path.join(specDir, 'spec.json');
	await writeFile(specFile, JSON.stringify(spec));
	try {
		const started = performance.now();
		const child = fork(CHILD_ENTRY, [job, specFile], {
			execArgv: ['--import', import.meta.resolve('tsx')],
			// The child's stdout joins our stderr: stdout carries only the final table.
			stdio: ['ignore', 2, 2, 'ipc'],
		});
		let readyMs: number | undefined;
		const result = await new Promise<Result>((resolve, reject) => {
			let settled = false;
			child.on('message', (message: ChildMessage) => {
				if (message.type === 'ready') readyMs = performance.now() - started;
				else if (message.type === 'result') {
					settled = true;
					resolve(message.result as Result);
				} else {
					settled = true;
					reject(new Error(`The ${job} job failed: ${message.message}`));
				}
			});
			child.on('error', reject);
			child.on('exit', (code, signal) => {
				if (!settled) reject(new Error(`The ${job} job exited (${signal ?? `code ${code}`}) without a result`));
			});
		});
		const wallMs = performance.now() - started;
		return { result, ...(readyMs === undefined ? {} : { readyMs }), wallMs };
	} finally {
		await rm(specDir, { recursive: true, force: true });
	}
}

/** Sends a message to the parent of a job child. @throws Error when this process has no IPC channel. */
export function tellParent(message: ChildMessage): Promise<void> {
	const send = process.send?.bind(process);
	if (send === undefined) throw new Error('A benchmark job runs only as a child of npm run bench');
	return new Promise((resolve, reject) => send(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}
