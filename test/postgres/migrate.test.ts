import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { openPool } from '../../src/store/postgres/pgPool.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { resetDatabase } from './pgHelpers.ts';

let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

describe('Postgres schema', () => {
	it('refuses a database whose schema is from a newer Footnote, and changes nothing', async () => {
		const pool = database.pool();
		await resetDatabase(pool);
		await migrate(pool);
		await pool.query(`INSERT INTO footnote_migrations (version, name) VALUES (999, '999_future.sql')`);
		const tables = async () =>
			(await pool.query(`SELECT count(*)::integer AS n FROM pg_tables WHERE tablename LIKE 'footnote\\_%'`)).rows[0];
		const before = await tables();
		await expect(migrate(pool)).rejects.toSatisfy(
			(error) =>
				isAppError(error, 'DATABASE_UNAVAILABLE') && /schema version 999, from a newer Footnote/u.test(error.message),
		);
		expect(await tables()).toEqual(before);
		await resetDatabase(pool);
	});

	it('says which server cannot be reached, without the password', async () => {
		const pool = openPool('postgres://footnote:s3cret-pass@127.0.0.1:1/news');
		try {
			const error: unknown = await migrate(pool).catch((caught: unknown) => caught);
			expect(isAppError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
			expect((error as Error).message).toMatch(/127\.0\.0\.1:1\/news/u);
			expect((error as Error).message).not.toMatch(/s3cret-pass/u);
		} finally {
			await pool.end();
		}
	});
});
