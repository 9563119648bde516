import pg from 'pg';

/** Connections per process: a bot's queries are short, and a pooler such as PgBouncer can sit in front. */
const POOL_SIZE = 4;

/** A connection pool on the database, of `max` connections. The URL is never logged. */
export function openPool(databaseUrl: string, max = POOL_SIZE): pg.Pool {
	const pool = new pg.Pool({ connectionString: databaseUrl, max });
	// An idle client losing its connection is reported here; the pool replaces it on the next query.
	pool.on('error', () => undefined);
	return pool;
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. `settings`
 * (SET LOCAL statements without parameters) go with the BEGIN in one round trip.
 */
export async function withTransaction<T>(
	pool: pg.Pool,
	work: (client: pg.PoolClient) => Promise<T>,
	settings = '',
): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query(settings === '' ? 'BEGIN' : `BEGIN; ${settings}`);
		const result = await work(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}
