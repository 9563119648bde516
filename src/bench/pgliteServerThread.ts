import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

if (!parentPort) throw new Error('pgliteServerThread runs as a worker thread: start it with startPGliteServer.');
const parent = parentPort;

type SessionQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];

interface Queued {
	readonly handlerId: number;
	readonly message: Uint8Array;
	readonly onData: (data: Uint8Array) => void;
	readonly resolve: (bytes: number) => void;
	readonly reject: (error: unknown) => void;
}

/** Frontend messages of the extended query protocol that leave a batch open until its Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((type) => type.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);

/**
 * Runs every connection's messages on PGlite's one session, one connection at a time: a connection keeps the session
 * from its first extended-protocol message to its Sync, and through an explicit transaction. pglite-socket's own queue
 * hands the session over between single messages, so two clients' Parse and Bind could interleave on the one unnamed
 * statement; this queue takes its place behind the same socket handlers.
 */
class WholeBatchQueue {
	private readonly queue: Queued[] = [];
	private owner: number | undefined;
	private processing = false;

	public constructor(private readonly db: PGlite) {}

	public enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
		return new Promise((resolve, reject) => {
			this.queue.push({ handlerId, message, onData, resolve, reject });
			void this.process();
		});
	}

	public clearQueueForHandler(handlerId: number): void {
		for (let i = this.queue.length - 1; i >= 0; i--) {
			const item = this.queue[i];
			if (item?.handlerId !== handlerId) continue;
			this.queue.splice(i, 1);
			item.reject(new Error('The client disconnected.'));
		}
	}

	public async clearTransactionIfNeeded(handlerId: number): Promise<void> {
		if (this.owner !== handlerId) return;
		if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
		this.owner = undefined;
		await this.process();
	}

	private async process(): Promise<void> {
		if (this.processing) return;
		this.processing = true;
		try {
			for (;;) {
				const index = this.owner === undefined ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
				const item = index < 0 ? undefined : this.queue.splice(index, 1)[0];
				if (!item) return;
				let bytes = 0;
				try {
					await this.db.runExclusive(() =>
						this.db.execProtocolRawStream(item.message, {
							onRawData: (data) => {
								bytes += data.length;
								item.onData(data);
							},
						}),
					);
				} catch (error) {
					item.reject(error);
					continue;
				}
				const type = item.message[0] ?? 0;
				const batchOpen = EXTENDED.has(type) && type !== SYNC;
				this.owner = batchOpen || this.db.isInTransaction() ? item.handlerId : undefined;
				item.resolve(bytes);
			}
		} finally {
			this.processing = false;
		}
	}
}

/**
 * The thread's body: an in-memory Postgres with pgvector (PGlite) served over the wire protocol on a loopback port with
 * pglite-socket's connection handlers. It posts the port once listening, and closes when told to.
 */
async function serve(): Promise<void> {
	const db = await PGlite.create({ extensions: { vector } });
	const queue = new WholeBatchQueue(db);
	const handlers = new Set<PGLiteSocketHandler>();
	const server = createServer((socket) => {
		const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as SessionQueue, closeOnDetach: true });
		handlers.add(handler);
		socket.on('close', () => handlers.delete(handler));
		handler.attach(socket).catch(() => socket.destroy());
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	parent.postMessage({ port: (server.address() as AddressInfo).port });
	parent.once('message', () => {
		void (async () => {
			await Promise.all([...handlers].map((handler) => handler.detach(true)));
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await db.close();
			parent.close();
		})();
	});
}

await serve();
