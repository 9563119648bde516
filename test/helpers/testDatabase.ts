import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPGliteServer } from '../../src/bench/pgliteServer.ts';
import { openPool } from '../../src/store/postgres/pgPool.ts';

export interface TestDatabase {
	/** A connection string for the real `pg` driver, over TCP on 127.0.0.1. */
	readonly url: string;
	/** A pool on it, the way the product opens one. */
	pool(): pg.Pool;
	/** Closes the pools handed out so far. */
	closePools(): Promise<void>;
	/** Closes every pool it handed out and removes what the test wrote. */
	stop(): Promise<void>;
}

/**
 * A Postgres with pgvector for one test file: PGlite served over the wire protocol on a loopback port, or, when
 * TEST_DATABASE_URL is set, a fresh schema on that server (so a real Postgres can run the same suite).
 */
export async function startTestDatabase(): Promise<TestDatabase> {
	// The test harness is a composition root of its own: it picks the server the suite runs against.
	const external = process.env.TEST_DATABASE_URL;
	const pools: pg.Pool[] = [];
	const pool = (url: string) => () => {
		const opened = openPool(url);
		pools.push(opened);
		return opened;
	};
	const closePools = async () => {
		await Promise.all(pools.splice(0).map((opened) => opened.end().catch(() => undefined)));
	};
	if (external) {
		const schema = `footnote_test_${randomBytes(4).toString('hex')}`;
		const admin = new pg.Client({ connectionString: external });
		await admin.connect();
		await admin.query('CREATE EXTENSION IF NOT EXISTS vector');
		await admin.query(`CREATE SCHEMA ${schema}`);
		const url = new URL(external);
		url.searchParams.set('options', `-c search_path=${schema},public`);
		return {
			url: url.toString(),
			pool: pool(url.toString()),
			closePools,
			async stop() {
				await closePools();
				await admin.query(`DROP SCHEMA ${schema} CASCADE`);
				await admin.end();
			},
		};
	}
	const server = await startPGliteServer();
	return {
		url: server.url,
		pool: pool(server.url),
		closePools,
		async stop() {
			await closePools();
			await server.close();
		},
	};
}
