import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { ComposerFactory } from '../answer/composerFactory.ts';
import { createExtractiveComposer, loadReadingParts, type ReadingParts } from '../answer/createExtractiveComposer.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { isAppError } from '../errors.ts';
import { isIndexFresh } from '../ingest/isIndexFresh.ts';
import { updatePgIndex } from '../ingest/updatePgIndex.ts';
import type { Logger } from '../logger.ts';
import { LexicalIndex } from '../store/LexicalIndex.ts';
import {
	currentGeneration,
	dropUnusedGenerations,
	forgetReader,
	generationById,
	markReader,
	currentGenerationId,
	type Generation,
} from '../store/postgres/generations.ts';
import { holderId } from '../store/postgres/holderId.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { PgIndex } from '../store/postgres/PgIndex.ts';
import { CHUNKER_ID } from '../store/manifest.ts';
import { addDocument } from './addDocument.ts';
import { createEngine } from './createEngine.ts';
import { forwardTo } from './forwardTo.ts';
import type { Engine, IngestSummary, ReindexableEngine } from './Engine.ts';

/** How often a reader checks the current generation: a new one is served within this plus its loading time. */
export const POLL_MS = 2_000;

export interface PgEngineDeps {
	readonly pool: pg.Pool;
	readonly corpusDir: string;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	readonly onProgress?: (done: number, total: number) => void;
	readonly pollMs?: number;
	readonly leaseMs?: number;
	/** Wraps each generation's extractive composer, e.g. in the LLM reader (COMPOSER=llm). */
	readonly composer?: ComposerFactory | undefined;
}

export interface PgEngine extends ReindexableEngine {
	/** The generation being served. */
	generation(): number;
	/** Stops polling and forgets this reader, so its generation can be dropped once unused. */
	close(): Promise<void>;
}

function servable(generation: Generation | undefined, model: EmbeddingModel): generation is Generation {
	return (
		generation !== undefined &&
		generation.modelId === model.modelId &&
		generation.dimensions === model.dimensions &&
		generation.chunker === CHUNKER_ID
	);
}

/**
 * The engine over one generation. Retrieval asks Postgres (pgvector and full-text search); autocomplete and the
 * composer's term weights use an in-memory lexical index of the generation's passages, since they answer synchronously.
 */
async function engineOver(
	deps: PgEngineDeps,
	reading: ReadingParts,
	generation: Generation,
): Promise<{ engine: Engine; index: PgIndex }> {
	const index = await PgIndex.load(deps.pool, generation);
	const titles = new Map(index.articles.map((article) => [article.file, article.title]));
	const catalogue = await LexicalIndex.build(index.passages, (file) => titles.get(file) ?? '');
	const extractive = createExtractiveComposer({ lexical: catalogue }, reading);
	const engine = createEngine({
		index: {
			articles: index.articles,
			store: index,
			lexical: { search: index.text.search, matchPrefix: (typed, k) => catalogue.matchPrefix(typed, k) },
		},
		embeddings: deps.embeddings,
		composer: deps.composer ? deps.composer(extractive) : extractive,
	});
	return { engine, index };
}

/**
 * A generation this model can serve: the current one when it is fresh, otherwise one this process builds, or, while
 * another process holds the ingest lease, the one it switches to.
 */
async function firstGeneration(deps: PgEngineDeps): Promise<Generation> {
	for (;;) {
		const current = await currentGeneration(deps.pool);
		if (servable(current, deps.embeddings) && (await isIndexFresh(deps.corpusDir, current))) return current;
		try {
			const update = await updatePgIndex(deps);
			const built = await generationById(deps.pool, update.generation);
			if (built) return built;
		} catch (error) {
			if (!isAppError(error, 'REINDEX_IN_PROGRESS')) throw error;
			// Another process is building: serve the current generation if this model can, else wait for its build.
			if (servable(current, deps.embeddings)) return current;
			deps.logger.info({ reason: error.message }, 'index.waiting_for_other_ingest');
			await sleep(deps.pollMs ?? POLL_MS);
		}
	}
}

/**
 * Opens the answer engine over the shared index in Postgres: migrates the schema, builds the first generation when
 * there is none or it is stale (unless another process is already building), and polls for new generations, switching
 * to each without a restart. `reindex` runs one ingest across all processes: the lease refuses a second.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED')
 */
export async function openPgEngine(deps: PgEngineDeps): Promise<PgEngine> {
	const holder = holderId('reader');
	const reading = loadReadingParts();
	await migrate(deps.pool);
	let served = await firstGeneration(deps);
	await markReader(deps.pool, holder, served.id);
	let current = (await engineOver(deps, reading, served)).engine;
	let switching: Promise<void> | undefined;

	const switchTo = async (id: number): Promise<void> => {
		const generation = await generationById(deps.pool, id);
		if (!servable(generation, deps.embeddings) || generation.id === served.id) return;
		// The old generation stays marked as this reader's until the new one serves: answers in flight still read it.
		// The new one cannot be dropped meanwhile, since it is current.
		current = (await engineOver(deps, reading, generation)).engine;
		served = generation;
		await markReader(deps.pool, holder, generation.id);
		deps.logger.info({ generation: generation.id }, 'index.swapped');
		await dropUnusedGenerations(deps.pool);
	};
	const poll = async (): Promise<void> => {
		const id = await currentGenerationId(deps.pool);
		if (id !== undefined && id !== served.id) await switchTo(id);
		else await markReader(deps.pool, holder, served.id);
	};
	const reindex = async (onProgress?: (done: number, total: number) => void): Promise<IngestSummary> => {
		const result = await updatePgIndex({ ...deps, ...(onProgress ? { onProgress } : {}) });
		await switching;
		await switchTo(result.generation);
		const { files, passages, embedded, reused, removed, problems, seconds } = result;
		return { files, passages, embedded, reused, removed, problems, seconds };
	};
	const timer = setInterval(() => {
		if (switching) return;
		switching = poll()
			.catch((error: unknown) => deps.logger.warn({ err: error }, 'index.poll_failed'))
			.finally(() => {
				switching = undefined;
			});
	}, deps.pollMs ?? POLL_MS);
	timer.unref();

	return {
		...forwardTo(() => current),
		generation: () => served.id,
		reindex,
		add: (document) =>
			addDocument({ corpusDir: deps.corpusDir, current: () => current, reindex: () => reindex() }, document),
		async close() {
			clearInterval(timer);
			await switching;
			await forgetReader(deps.pool, holder);
		},
	};
}
