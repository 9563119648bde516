import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsxWorkerEntry } from '../tsxWorkerEntry.ts';

const SERVER_THREAD_URL = new URL('./pgliteServerThread.ts', import.meta.url);

export interface PGliteServer {
	/** A connection string for the `pg` driver, over TCP on 127.0.0.1. */
	readonly url: string;
	close(): Promise<void>;
}

/**
 * An in-memory Postgres with pgvector (PGlite) served over the wire protocol on a loopback port: what the test suite
 * and `npm run bench -- --postgres` run against. It runs in a thread of its own, as a database server runs beside the
 * bot rather than on its event loop, so a query's work in the database overlaps the caller's own work.
 */
export async function startPGliteServer(): Promise<PGliteServer> {
	const worker = new Worker(tsxWorkerEntry(SERVER_THREAD_URL), { execArgv: [] });
	let failure: Error | undefined;
	const port = await new Promise<number>((resolve, reject) => {
		const onExit = (code: number) =>
			reject(new Error(`The PGlite server thread exited with code ${code} before it listened.`));
		worker.once('exit', onExit);
		worker.once('error', reject);
		worker.once('message', (message: { port: number }) => {
			worker.off('exit', onExit);
			worker.off('error', reject);
			// A failure after start shows in the clients' lost connections first; close() reports its cause.
			worker.on('error', (error) => {
				failure = error;
			});
			resolve(message.port);
		});
	});
	return {
		url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
		async close() {
			const exited = once(worker, 'exit');
			worker.postMessage('close');
			await exited;
			if (failure) throw new Error(`The PGlite server thread failed: ${failure.message}`, { cause: failure });
		},
	};
}
