import type pg from 'pg';

/** The tables of one generation that exist. */
export async function generationTables(pool: pg.Pool, generation: number): Promise<string[]> {
	const { rows } = await pool.query<{ tablename: string }>(
		`SELECT tablename FROM pg_tables WHERE tablename LIKE $1 AND schemaname = ANY(current_schemas(false))
		ORDER BY tablename`,
		[`footnote\\_%\\_g${generation}`],
	);
	return rows.map((row) => row.tablename);
}

/** Drops everything the product created, so each test starts from an empty database. */
export async function resetDatabase(pool: pg.Pool): Promise<void> {
	const { rows } = await pool.query<{ tablename: string }>(
		`SELECT tablename FROM pg_tables WHERE tablename LIKE 'footnote\\_%' AND schemaname = ANY(current_schemas(false))`,
	);
	if (rows.length > 0) await pool.query(`DROP TABLE ${rows.map((row) => row.tablename).join(', ')} CASCADE`);
}
