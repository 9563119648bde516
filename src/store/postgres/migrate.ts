import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { withTransaction } from './pgPool.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Versioned migrations: `NNN_name.sql` in ./migrations, applied once each in order. */
async function migrations(): Promise<{ version: number; name: string; sql: string }[]> {
	const names = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{3}_.+\.sql$/u.test(name)).sort();
	return Promise.all(
		names.map(async (name) => ({
			version: Number(name.slice(0, 3)),
			name,
			sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8'),
		})),
	);
}

/**
 * Brings the database's schema up to date. Safe when several processes start at once: the table lock serialises them
 * and each re-reads what is applied under it.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
	await pool.query(
		`CREATE TABLE IF NOT EXISTS footnote_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
	);
	for (const migration of await migrations()) {
		await withTransaction(pool, async (client) => {
			await client.query('LOCK TABLE footnote_migrations IN EXCLUSIVE MODE');
			const applied = await client.query('SELECT 1 FROM footnote_migrations WHERE version = $1', [migration.version]);
			if (applied.rowCount !== 0) return;
			await client.query(migration.sql);
			await client.query('INSERT INTO footnote_migrations (version, name) VALUES ($1, $2)', [
				migration.version,
				migration.name,
			]);
		});
	}
}
