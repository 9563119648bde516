import { Worker } from 'node:worker_threads';
import { tsxWorkerEntry } from '../tsxWorkerEntry.ts';

const SERVER_THREAD_URL = new URL('./pgliteServerThread.ts', import.meta.url);
/** How long the thread may take to close its connections and database before it is stopped. */
const CLOSE_MS = 10_000;

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
	const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
	const port = await new Promise<number>((resolve, reject) => {
		worker.once('error', reject);
		void exited.then((code) =>
			reject(new Error(`The PGlite server thread exited with code ${code} before it listened.`)),
		);
		worker.once('message', (message: { port: number }) => {
			worker.off('error', reject);
			// A failure after start shows in the clients' lost connections first; close() reports its cause.
			worker.on('error', (error) => {
				failure = error;
			});
			resolve(message.port);
		});
	});
	let closing: Promise<void> | undefined;
	return {
		url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
		close() {
			closing ??= (async () => {
				worker.postMessage('close');
				// A thread that stopped answering is stopped; one that already exited resolves at once.
				const stop = setTimeout(() => void worker.terminate(), CLOSE_MS);
				const code = await exited;
				clearTimeout(stop);
				if (failure) throw new Error(`The PGlite server thread failed: ${failure.message}`, { cause: failure });
				if (code !== 0) throw new Error(`The PGlite server thread exited with code ${code}.`);
			})();
			return closing;
		},
	};
}
