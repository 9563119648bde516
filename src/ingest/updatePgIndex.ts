import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import type { Logger } from '../logger.ts';
import {
	createGeneration,
	currentGeneration,
	discardGeneration,
	dropUnusedGenerations,
	indexGeneration,
	switchTo,
	tablesOf,
	type Generation,
} from '../store/postgres/generations.ts';
import { holderId } from '../store/postgres/holderId.ts';
import { enqueueArticles, queueCounts } from '../store/postgres/ingestQueue.ts';
import { INGEST_LEASE, LEASE_MS, PgLease } from '../store/postgres/PgLease.ts';
import { CHUNKER_ID } from '../store/manifest.ts';
import { emptyCorpus, sameSources, type IndexUpdate } from './updateIndex.ts';
import { workIngestQueue } from './pgIngestWorker.ts';

export interface PgUpdateOptions {
	readonly pool: pg.Pool;
	readonly corpusDir: string;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	/** Articles indexed so far out of those to embed, counting other workers' too. */
	readonly onProgress?: (done: number, total: number) => void;
	readonly leaseMs?: number;
	readonly claimMs?: number;
}

export interface PgIndexUpdate extends IndexUpdate {
	/** The generation now current. */
	readonly generation: number;
}

/** How often the coordinator looks at the queue while other workers finish their files. */
const QUEUE_POLL_MS = 250;
/** How often a progress count is read from the queue while articles finish. */
const PROGRESS_EVERY_MS = 1_000;

function rebuildReason(previous: Generation | undefined, model: EmbeddingModel): string | undefined {
	if (!previous) return undefined;
	if (previous.modelId !== model.modelId) return `embedding model ${previous.modelId}, expected ${model.modelId}`;
	if (previous.dimensions !== model.dimensions) {
		return `${previous.dimensions}-dimensional vectors, expected ${model.dimensions}`;
	}
	if (previous.chunker !== CHUNKER_ID) return `chunker ${previous.chunker}, expected ${CHUNKER_ID}`;
	return undefined;
}

async function previousFiles(pool: pg.Pool, previous: Generation): Promise<Map<string, string>> {
	const { rows } = await pool.query<{ file: string; sha256: string }>(
		`SELECT file, sha256 FROM ${tablesOf(previous.id).articles}`,
	);
	return new Map(rows.map((row) => [row.file, row.sha256]));
}

/**
 * Brings the shared index in Postgres in line with the corpus, as the coordinator of one ingest: takes the ingest
 * lease, writes a new generation (unchanged files' rows copied in SQL, the rest queued and embedded by this process and
 * any `npm run ingest -- --worker` that joins), indexes it and switches readers to it in one statement. A failure
 * leaves the current generation as it was; a killed ingest's half-built generation is dropped by the next one.
 * @throws AppError('REINDEX_IN_PROGRESS' | 'CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED')
 */
export async function updatePgIndex(options: PgUpdateOptions): Promise<PgIndexUpdate> {
	const started = performance.now();
	const { pool, embeddings, logger } = options;
	const holder = holderId('ingest');
	const lease = await PgLease.acquire(pool, INGEST_LEASE, holder, options.leaseMs ?? LEASE_MS);
	let building: number | undefined;
	try {
		const dropped = await dropUnusedGenerations(pool, { abandonedBuilds: true });
		if (dropped.length > 0) logger.info({ generations: dropped }, 'ingest.dropped_generations');
		const { articles, problems, sources } = await loadCorpus(options.corpusDir);
		for (const problem of problems) logger.warn(problem, 'ingest.file_skipped');
		if (articles.length === 0) throw emptyCorpus(options.corpusDir, problems);
		const previous = await currentGeneration(pool);
		const rebuiltBecause = rebuildReason(previous, embeddings);
		const before = previous && rebuiltBecause === undefined ? await previousFiles(pool, previous) : new Map();
		const reused = articles.filter((article) => before.get(article.file) === article.sha256);
		const toEmbed = articles.filter((article) => before.get(article.file) !== article.sha256);
		const removed = [...before.keys()].filter((file) => !articles.some((article) => article.file === file)).length;
		const summary = (generation: number, embedded: number, passages: number, written: boolean): PgIndexUpdate => ({
			generation,
			files: articles.length,
			passages,
			embedded,
			reused: 0,
			removed,
			problems,
			seconds: (performance.now() - started) / 1_000,
			written,
			...(rebuiltBecause === undefined ? {} : { rebuiltBecause }),
		});
		if (previous && rebuiltBecause === undefined && sameSources(previous.sources, sources)) {
			const passages = await countPassages(pool, tablesOf(previous.id).passages);
			return { ...summary(previous.id, 0, passages, false), reused: passages };
		}

		logger.info({ files: articles.length, toEmbed: toEmbed.length, reused: reused.length, removed }, 'ingest.started');
		const generation = await createGeneration(pool, {
			modelId: embeddings.modelId,
			dimensions: embeddings.dimensions,
			chunker: CHUNKER_ID,
		});
		building = generation.id;
		const tables = tablesOf(generation.id);
		await pool.query(
			`INSERT INTO ${tables.articles} (file, position, sha256, title, publisher, date, url, authors, language, also_in)
			SELECT file, position, sha256, title, publisher, date, url, authors::jsonb, language, also_in::jsonb
			FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
				$9::text[], $10::text[]) AS a(file, position, sha256, title, publisher, date, url, authors, language, also_in)`,
			[
				articles.map((article) => article.file),
				articles.map((_, position) => position),
				articles.map((article) => article.sha256),
				articles.map((article) => article.title),
				articles.map((article) => article.publisher ?? null),
				articles.map((article) => article.date ?? null),
				articles.map((article) => article.url ?? null),
				articles.map((article) => (article.authors ? JSON.stringify(article.authors) : null)),
				articles.map((article) => article.language ?? null),
				articles.map((article) => (article.alsoIn ? JSON.stringify(article.alsoIn) : null)),
			],
		);
		if (previous && reused.length > 0) {
			// Unchanged files keep their rows and vectors: copied table to table, never embedded again.
			const old = tablesOf(previous.id);
			const files = reused.map((article) => article.file);
			await pool.query(`INSERT INTO ${tables.passages} SELECT * FROM ${old.passages} WHERE file = ANY($1)`, [files]);
			await pool.query(`INSERT INTO ${tables.sentences} SELECT * FROM ${old.sentences} WHERE file = ANY($1)`, [files]);
			await pool.query(
				`UPDATE ${tables.articles} a SET passage_count = o.passage_count FROM ${old.articles} o
				WHERE a.file = o.file AND a.file = ANY($1)`,
				[files],
			);
		}
		await enqueueArticles(pool, generation.id, toEmbed);

		/** Articles done by every worker of this ingest, for the progress shown. */
		const finishedSoFar = async (): Promise<number> => (await queueCounts(pool, generation.id)).done ?? 0;
		const { onProgress } = options;
		// A count per finished article would be one more query per row of a large export: once a second is enough.
		let reportedAt = 0;
		const reportProgress = (report: (done: number, total: number) => void): void => {
			if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
			reportedAt = Date.now();
			finishedSoFar().then(
				(done) => report(done, toEmbed.length),
				() => undefined,
			);
		};
		for (;;) {
			await lease.confirm();
			await workIngestQueue({
				pool,
				generation: generation.id,
				embeddings,
				logger,
				holder,
				...(options.claimMs === undefined ? {} : { claimMs: options.claimMs }),
				...(onProgress ? { onArticle: () => reportProgress(onProgress) } : {}),
			});
			const finished = await finishedSoFar();
			onProgress?.(finished, toEmbed.length);
			if (finished === toEmbed.length) break;
			// Other workers still hold claims: wait for them, or for a claim to expire and take the article over.
			await sleep(QUEUE_POLL_MS);
		}
		await indexGeneration(pool, generation.id);
		await lease.confirm();
		await switchTo(pool, generation.id, sources);
		building = undefined;
		logger.info({ generation: generation.id }, 'ingest.switched');
		await dropUnusedGenerations(pool);
		const passages = await countPassages(pool, tables.passages);
		const reusedPassages = await countPassages(
			pool,
			tables.passages,
			reused.map((article) => article.file),
		);
		return { ...summary(generation.id, passages - reusedPassages, passages, true), reused: reusedPassages };
	} catch (error) {
		if (building !== undefined) await discardGeneration(pool, building).catch(() => undefined);
		throw error;
	} finally {
		await lease.release().catch(() => undefined);
	}
}

/** Passages in a generation's table, of the given files or of all. */
async function countPassages(pool: pg.Pool, table: string, files?: readonly string[]): Promise<number> {
	const { rows } = await pool.query<{ count: number }>(
		`SELECT count(*)::integer AS count FROM ${table} WHERE $1::text[] IS NULL OR file = ANY($1)`,
		[files ?? null],
	);
	return rows[0]?.count ?? 0;
}
