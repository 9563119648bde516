import type pg from 'pg';
import { withTransaction } from './pgPool.ts';

/** A reader whose row is older than this has stopped (or lost the database), and no longer keeps a generation. */
export const READER_STALE_SECONDS = 60;

export interface Generation {
	readonly id: number;
	readonly state: 'building' | 'ready';
	readonly modelId: string;
	readonly dimensions: number;
	readonly chunker: string;
	/** sha256 of every corpus file it was built from, indexed or skipped. */
	readonly sources: Record<string, string>;
}

/** The names of one generation's tables; ids come from the database, never from input. */
export function tablesOf(generation: number): {
	articles: string;
	passages: string;
	sentences: string;
	terms: string;
} {
	if (!Number.isSafeInteger(generation) || generation < 1) throw new Error(`Invalid generation id ${generation}.`);
	return {
		articles: `footnote_articles_g${generation}`,
		passages: `footnote_passages_g${generation}`,
		sentences: `footnote_sentences_g${generation}`,
		terms: `footnote_terms_g${generation}`,
	};
}

interface GenerationRow {
	id: number;
	state: 'building' | 'ready';
	model_id: string;
	dimensions: number;
	chunker: string;
	sources: Record<string, string>;
}

function toGeneration(row: GenerationRow): Generation {
	return {
		id: row.id,
		state: row.state,
		modelId: row.model_id,
		dimensions: row.dimensions,
		chunker: row.chunker,
		sources: row.sources,
	};
}

/** The generation readers serve, or undefined before the first ingest finishes. */
export async function currentGeneration(pool: pg.Pool): Promise<Generation | undefined> {
	const { rows } = await pool.query<GenerationRow>(
		`SELECT g.id, g.state, g.model_id, g.dimensions, g.chunker, g.sources
		FROM footnote_current c JOIN footnote_generations g ON g.id = c.generation`,
	);
	return rows[0] && toGeneration(rows[0]);
}

/** Just the current generation's id: what every reader polls. */
export async function currentGenerationId(pool: pg.Pool): Promise<number | undefined> {
	const { rows } = await pool.query<{ generation: number }>('SELECT generation FROM footnote_current');
	return rows[0]?.generation;
}

export async function generationById(pool: pg.Pool, id: number): Promise<Generation | undefined> {
	const { rows } = await pool.query<GenerationRow>(
		'SELECT id, state, model_id, dimensions, chunker, sources FROM footnote_generations WHERE id = $1',
		[id],
	);
	return rows[0] && toGeneration(rows[0]);
}

/** Registers a generation being built and creates its tables, in one transaction. */
export async function createGeneration(
	pool: pg.Pool,
	meta: { modelId: string; dimensions: number; chunker: string },
): Promise<Generation> {
	return withTransaction(pool, async (client) => {
		const { rows } = await client.query<GenerationRow>(
			`INSERT INTO footnote_generations (state, model_id, dimensions, chunker) VALUES ('building', $1, $2, $3)
			RETURNING id, state, model_id, dimensions, chunker, sources`,
			[meta.modelId, meta.dimensions, meta.chunker],
		);
		const generation = toGeneration(rows[0] as GenerationRow);
		const tables = tablesOf(generation.id);
		const dimensions = Number(meta.dimensions);
		if (!Number.isSafeInteger(dimensions) || dimensions < 1) throw new Error(`Invalid dimensions ${meta.dimensions}.`);
		await client.query(`
			CREATE TABLE ${tables.articles} (
				file text PRIMARY KEY, position integer NOT NULL, sha256 text NOT NULL, title text NOT NULL,
				publisher text, date text, url text, authors jsonb, language text, also_in jsonb,
				passage_count integer NOT NULL DEFAULT 0);
			CREATE TABLE ${tables.passages} (
				id text PRIMARY KEY, file text NOT NULL, ordinal integer NOT NULL,
				start_offset integer NOT NULL, end_offset integer NOT NULL, text text NOT NULL,
				sentences jsonb NOT NULL, tsv tsvector NOT NULL);
			CREATE TABLE ${tables.sentences} (
				passage_id text NOT NULL, ordinal integer NOT NULL, file text NOT NULL,
				embedding vector(${dimensions}) NOT NULL, PRIMARY KEY (passage_id, ordinal));`);
		return generation;
	});
}

/**
 * Builds a finished generation's search indexes: HNSW over the sentence vectors (cosine), GIN over the passages'
 * text search vectors, and each lexeme's document frequency for BM25. Built once after the rows are in, which is faster
 * than maintaining them row by row.
 */
export async function indexGeneration(pool: pg.Pool, generation: number): Promise<void> {
	const tables = tablesOf(generation);
	await pool.query(
		`CREATE INDEX ${tables.sentences}_hnsw ON ${tables.sentences} USING hnsw (embedding vector_cosine_ops)
		WITH (m = 16, ef_construction = 64)`,
	);
	await pool.query(`CREATE INDEX ${tables.sentences}_file ON ${tables.sentences} (file)`);
	await pool.query(`CREATE INDEX ${tables.passages}_tsv ON ${tables.passages} USING gin (tsv)`);
	await pool.query(
		`CREATE TABLE ${tables.terms} AS SELECT word AS lexeme, ndoc AS documents
		FROM ts_stat('SELECT tsv FROM ${tables.passages}')`,
	);
	await pool.query(`ALTER TABLE ${tables.terms} ADD PRIMARY KEY (lexeme)`);
	await pool.query(`ANALYZE ${tables.articles}, ${tables.passages}, ${tables.sentences}, ${tables.terms}`);
}

/** Marks a generation ready and makes it the one readers serve: the switch itself is one statement. */
export async function switchTo(pool: pg.Pool, generation: number, sources: Record<string, string>): Promise<void> {
	await withTransaction(pool, async (client) => {
		await client.query(
			`UPDATE footnote_generations SET state = 'ready', finished_at = now(), sources = $2 WHERE id = $1`,
			[generation, JSON.stringify(sources)],
		);
		await client.query(
			`INSERT INTO footnote_current (singleton, generation) VALUES (true, $1)
			ON CONFLICT (singleton) DO UPDATE SET generation = excluded.generation`,
			[generation],
		);
	});
}

/** Records that `holder` serves `generation` now. */
export async function markReader(pool: pg.Pool, holder: string, generation: number): Promise<void> {
	await pool.query(
		`INSERT INTO footnote_readers (holder, generation, seen_at) VALUES ($1, $2, now())
		ON CONFLICT (holder) DO UPDATE SET generation = excluded.generation, seen_at = excluded.seen_at`,
		[holder, generation],
	);
}

export async function forgetReader(pool: pg.Pool, holder: string): Promise<void> {
	await pool.query('DELETE FROM footnote_readers WHERE holder = $1', [holder]);
}

async function dropGeneration(pool: pg.Pool, generation: number): Promise<void> {
	const tables = tablesOf(generation);
	await withTransaction(pool, async (client) => {
		await client.query(
			`DROP TABLE IF EXISTS ${tables.terms}, ${tables.sentences}, ${tables.passages}, ${tables.articles}`,
		);
		await client.query('DELETE FROM footnote_generations WHERE id = $1', [generation]);
	});
}

/**
 * Drops ready generations that are not current and that no live reader serves. With `abandonedBuilds` (only under the
 * ingest lease, when no other ingest can be writing), also drops generations a killed or failed ingest left half built.
 * @returns the ids dropped.
 */
export async function dropUnusedGenerations(
	pool: pg.Pool,
	options: { abandonedBuilds?: boolean; keep?: number } = {},
): Promise<number[]> {
	const { rows } = await pool.query<{ id: number }>(
		`SELECT g.id FROM footnote_generations g
		WHERE g.id IS DISTINCT FROM (SELECT generation FROM footnote_current)
			AND g.id IS DISTINCT FROM $1::integer
			AND (g.state = 'ready' OR $2::boolean)
			AND NOT EXISTS (
				SELECT 1 FROM footnote_readers r
				WHERE r.generation = g.id AND r.seen_at > now() - make_interval(secs => $3))`,
		[options.keep ?? null, options.abandonedBuilds ?? false, READER_STALE_SECONDS],
	);
	for (const { id } of rows) await dropGeneration(pool, id);
	return rows.map((row) => row.id);
}

/** Drops one generation this process was building, after it failed. */
export async function discardGeneration(pool: pg.Pool, generation: number): Promise<void> {
	await dropGeneration(pool, generation);
}
