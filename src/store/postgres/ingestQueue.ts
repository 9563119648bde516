import type pg from 'pg';
import type { Article, Passage } from '../../corpus/types.ts';
import { tablesOf } from './generations.ts';
import { withTransaction } from './pgPool.ts';

/** Rows per INSERT statement when writing an article's passages and sentences. */
const ROWS_PER_INSERT = 256;

/** Rows per INSERT statement when putting articles on the queue. */
const ARTICLES_PER_INSERT = 500;

/** Puts articles on a generation's queue, to be embedded by whichever worker claims them. */
export async function enqueueArticles(pool: pg.Pool, generation: number, articles: readonly Article[]): Promise<void> {
	for (let start = 0; start < articles.length; start += ARTICLES_PER_INSERT) {
		const slice = articles.slice(start, start + ARTICLES_PER_INSERT);
		await pool.query(
			`INSERT INTO footnote_ingest_queue (generation, file, article)
			SELECT $1, file, article::jsonb FROM unnest($2::text[], $3::text[]) AS q(file, article)`,
			[generation, slice.map((article) => article.file), slice.map((article) => JSON.stringify(article))],
		);
	}
}

/**
 * Claims one pending article (or one whose claim expired) in its own short transaction; SKIP LOCKED lets workers claim
 * side by side without waiting for each other.
 */
export async function claimArticle(
	pool: pg.Pool,
	generation: number,
	holder: string,
	claimMs: number,
): Promise<Article | undefined> {
	const { rows } = await pool.query<{ article: Article }>(
		`UPDATE footnote_ingest_queue q
		SET state = 'claimed', claimed_by = $2, claim_expires_at = now() + make_interval(secs => $3)
		FROM (
			SELECT file FROM footnote_ingest_queue
			WHERE generation = $1 AND (state = 'pending' OR (state = 'claimed' AND claim_expires_at < now()))
			ORDER BY file LIMIT 1 FOR UPDATE SKIP LOCKED
		) picked
		WHERE q.generation = $1 AND q.file = picked.file
		RETURNING q.article`,
		[generation, holder, claimMs / 1_000],
	);
	return rows[0]?.article;
}

/** Extends a claim while its article is still being embedded. */
export async function renewClaim(
	pool: pg.Pool,
	generation: number,
	file: string,
	holder: string,
	claimMs: number,
): Promise<void> {
	await pool.query(
		`UPDATE footnote_ingest_queue SET claim_expires_at = now() + make_interval(secs => $4)
		WHERE generation = $1 AND file = $2 AND claimed_by = $3 AND state = 'claimed'`,
		[generation, file, holder, claimMs / 1_000],
	);
}

/** Counts of a generation's queue by state. */
export async function queueCounts(pool: pg.Pool, generation: number): Promise<Record<string, number>> {
	const { rows } = await pool.query<{ state: string; count: number }>(
		'SELECT state, count(*)::integer AS count FROM footnote_ingest_queue WHERE generation = $1 GROUP BY state',
		[generation],
	);
	return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

/** A building generation with articles left to claim, for a worker joining an ingest. */
export async function openIngest(pool: pg.Pool): Promise<{ generation: number; modelId: string } | undefined> {
	const { rows } = await pool.query<{ generation: number; model_id: string }>(
		`SELECT g.id AS generation, g.model_id FROM footnote_generations g
		WHERE g.state = 'building' AND EXISTS (
			SELECT 1 FROM footnote_ingest_queue q WHERE q.generation = g.id
				AND (q.state = 'pending' OR (q.state = 'claimed' AND q.claim_expires_at < now())))
		ORDER BY g.id DESC LIMIT 1`,
	);
	return rows[0] && { generation: rows[0].generation, modelId: rows[0].model_id };
}

function vectorLiteral(vectors: Float32Array, dimensions: number, i: number): string {
	return `[${Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)).join(',')}]`;
}

/**
 * Writes a claimed article's passages and sentence vectors and marks it done, in one transaction. When the claim is no
 * longer this worker's (it expired and another worker took it), nothing is written: every article is indexed once.
 * @returns whether the rows were written.
 */
export async function completeArticle(
	pool: pg.Pool,
	generation: number,
	holder: string,
	article: Article,
	passages: readonly Passage[],
	vectors: Float32Array,
	dimensions: number,
): Promise<boolean> {
	const tables = tablesOf(generation);
	return withTransaction(pool, async (client) => {
		const claimed = await client.query(
			`UPDATE footnote_ingest_queue SET state = 'done'
			WHERE generation = $1 AND file = $2 AND claimed_by = $3 AND state = 'claimed'`,
			[generation, article.file, holder],
		);
		if (claimed.rowCount === 0) return false;
		for (let start = 0; start < passages.length; start += ROWS_PER_INSERT) {
			const slice = passages.slice(start, start + ROWS_PER_INSERT);
			await client.query(
				`INSERT INTO ${tables.passages} (id, file, ordinal, start_offset, end_offset, text, sentences, tsv)
				SELECT id, $1, ordinal, start_offset, end_offset, text, sentences::jsonb,
					setweight(to_tsvector('english', $2), 'C') || setweight(to_tsvector('english', text), 'A')
				FROM unnest($3::text[], $4::integer[], $5::integer[], $6::integer[], $7::text[], $8::text[])
					AS p(id, ordinal, start_offset, end_offset, text, sentences)`,
				[
					article.file,
					article.title,
					slice.map((passage) => passage.id),
					slice.map((passage) => passage.ordinal),
					slice.map((passage) => passage.start),
					slice.map((passage) => passage.end),
					slice.map((passage) => passage.text),
					slice.map((passage) => JSON.stringify(passage.sentences)),
				],
			);
		}
		const sentences = passages.flatMap((passage) =>
			passage.sentences.map((_, ordinal) => [passage.id, ordinal] as const),
		);
		for (let start = 0; start < sentences.length; start += ROWS_PER_INSERT) {
			const slice = sentences.slice(start, start + ROWS_PER_INSERT);
			await client.query(
				`INSERT INTO ${tables.sentences} (passage_id, ordinal, file, embedding)
				SELECT passage_id, ordinal, $1, embedding::vector
				FROM unnest($2::text[], $3::integer[], $4::text[]) AS s(passage_id, ordinal, embedding)`,
				[
					article.file,
					slice.map(([id]) => id),
					slice.map(([, ordinal]) => ordinal),
					slice.map((_, i) => vectorLiteral(vectors, dimensions, start + i)),
				],
			);
		}
		await client.query(`UPDATE ${tables.articles} SET passage_count = $2 WHERE file = $1`, [
			article.file,
			passages.length,
		]);
		return true;
	});
}
