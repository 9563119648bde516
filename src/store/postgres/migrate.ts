import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';
import { AppError } from '../../errors.ts';
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

/** The database's server, for a message: host, port and database name, never the user or password. */
function where(pool: pg.Pool): string {
	try {
		const url = new URL(pool.options.connectionString ?? '');
		return `${url.hostname}:${url.port || 5432}${url.pathname}`;
	} catch {
		return 'an address that cannot be read';
	}
}

/**
 * Brings the database's schema up to date. Safe when several processes start at once: the table lock serialises them
 * and each re-reads what is applied under it.
 * @throws AppError('DATABASE_UNAVAILABLE') when the server cannot be reached or used, or holds a schema from a newer
 *   Footnote.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
	try {
		await pool.query(
			`CREATE TABLE IF NOT EXISTS footnote_migrations (
				version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
		);
	} catch (error) {
		throw new AppError(
			'DATABASE_UNAVAILABLE',
			`The database in DATABASE_URL (${where(pool)}) cannot be used: ${(error as Error).message}. ` +
				'Check that the server runs, that the address, user and password in DATABASE_URL are right, and that the ' +
				'user may create tables.',
			{ cause: error },
		);
	}
	const known = await migrations();
	const { rows } = await pool.query<{ version: number | null }>(
		'SELECT max(version) AS version FROM footnote_migrations',
	);
	const newest = known.at(-1)?.version ?? 0;
	if ((rows[0]?.version ?? 0) > newest) {
		throw new AppError(
			'DATABASE_UNAVAILABLE',
			`The database in DATABASE_URL (${where(pool)}) has schema version ${rows[0]?.version}, from a newer Footnote; ` +
				`this one knows up to ${newest}. Run the newer version, or give this one its own database.`,
		);
	}
	for (const migration of known) {
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
