import { spawn } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadEngineConfig } from '../../config.ts';
import { loadCorpus } from '../../corpus/loadCorpus.ts';
import type { Passage } from '../../corpus/types.ts';
import { createEmbeddings } from '../../embeddings/createEmbeddings.ts';
import type { EmbeddingModel } from '../../embeddings/types.ts';
import type { Engine } from '../../engine/Engine.ts';
import { openEngine } from '../../engine/openEngine.ts';
import { openPgEngine } from '../../engine/openPgEngine.ts';
import { locateEvidence } from '../../eval/evaluate.ts';
import { loadQuestions, SEED_QUESTIONS } from '../../eval/questions.ts';
import { createLogger } from '../../logger.ts';
import { readIndex, type LoadedIndex } from '../../store/indexDirectory.ts';
import { currentGeneration, tablesOf } from '../../store/postgres/generations.ts';
import { migrate } from '../../store/postgres/migrate.ts';
import { openPool } from '../../store/postgres/pgPool.ts';
import { EF_SEARCH, PgIndex } from '../../store/postgres/PgIndex.ts';
import { updateIndex } from '../../ingest/updateIndex.ts';
import { updatePgIndex } from '../../ingest/updatePgIndex.ts';
import { note } from '../benchLogger.ts';
import { startPGliteServer } from '../pgliteServer.ts';
import {
	firstHit,
	locateNeedles,
	loadNeedleSpecs,
	scoreRanks,
	SOTU_NEEDLES,
	type Needle,
	type Span,
} from '../needles.ts';
import { topicalQuestions } from '../questions.ts';
import { summarise, type Summary } from '../stats.ts';

const INGEST_CLI = fileURLToPath(new URL('../../cli/ingest.ts', import.meta.url));
const SEEDS_DIR = fileURLToPath(new URL('../../../seeds/', import.meta.url));
/** Generic questions asked beside the needles in the latency run. */
const TOPICAL = 60;
const K = 10;

export interface IngestRun {
	readonly label: string;
	readonly seconds: number;
	readonly sentences: number;
	readonly sentencesPerSecond: number;
}

export interface BackendScores {
	readonly answer: Summary;
	readonly hybrid: ReturnType<typeof scoreRanks>;
	readonly lexical: ReturnType<typeof scoreRanks>;
	readonly seedLexical: ReturnType<typeof scoreRanks>;
}

export interface PostgresBenchResult {
	readonly addresses: number;
	readonly files: number;
	readonly passages: number;
	readonly sentences: number;
	readonly ingest: readonly IngestRun[];
	/** Two workers' throughput as a share of one ingest's with both cores. */
	readonly splitShare: number;
	/** Whether every file was indexed exactly once by the two workers (rows per file as the chunker makes them). */
	readonly exactlyOnce: boolean;
	readonly local: BackendScores;
	readonly postgres: BackendScores;
	/** Mean share of the local top 10 (hybrid) that Postgres also returns. */
	readonly top10Overlap: number;
	/** Mean recall@10 of pgvector's HNSW search against exact search, at EF_SEARCH. */
	readonly recallAt10: number;
	readonly efSearch: number;
	readonly questions: number;
	readonly needles: number;
	readonly seedNeedles: number;
	/** Postgres's ts_rank_cd alone, the baseline its BM25 is measured against: needles and the seed set. */
	readonly rankCd: { readonly needles: ReturnType<typeof scoreRanks>; readonly seeds: ReturnType<typeof scoreRanks> };
}

/** Runs `npm run ingest` (optionally as a worker) in its own process; resolves with its wall time in seconds. */
function runIngest(env: Record<string, string>, args: string[] = []): Promise<number> {
	const started = performance.now();
	const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), INGEST_CLI, ...args], {
		env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env },
		stdio: ['ignore', 2, 2],
	});
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolve((performance.now() - started) / 1_000);
			else reject(new Error(`npm run ingest ${args.join(' ')} exited with code ${code}`));
		});
	});
}

async function dropEverything(pool: pg.Pool): Promise<void> {
	const { rows } = await pool.query<{ tablename: string }>(
		`SELECT tablename FROM pg_tables WHERE tablename LIKE 'footnote\\_%' AND schemaname = 'public'`,
	);
	if (rows.length > 0) await pool.query(`DROP TABLE ${rows.map((row) => row.tablename).join(', ')} CASCADE`);
}

function spanOf(passage: Passage): Span {
	return { file: passage.file, start: passage.start, end: passage.end };
}

async function hybridRanks(engine: Engine, needles: readonly Needle[]): Promise<number[]> {
	const ranks: number[] = [];
	for (const needle of needles) {
		const found = await engine.search(needle.question, { k: K });
		ranks.push(
			firstHit(
				found.map((item) => spanOf(item.passage)),
				needle.spans,
			),
		);
	}
	return ranks;
}

/** First-hit ranks of a lexical ranking alone (MiniSearch BM25 or Postgres full-text search). */
async function lexicalRanks(
	search: (question: string) => [number, number][] | Promise<[number, number][]>,
	passages: readonly Passage[],
	needles: readonly Needle[],
): Promise<number[]> {
	const ranks: number[] = [];
	for (const needle of needles) {
		const found = (await search(needle.question)).flatMap(([label]) => {
			const passage = passages[label];
			return passage ? [spanOf(passage)] : [];
		});
		ranks.push(firstHit(found, needle.spans));
	}
	return ranks;
}

async function answerLatency(engine: Engine, questions: readonly string[]): Promise<Summary> {
	for (const question of questions.slice(0, 10)) await engine.ask(question);
	const times: number[] = [];
	for (const question of questions) {
		const started = performance.now();
		await engine.ask(question);
		times.push(performance.now() - started);
	}
	return summarise(times);
}

async function seedNeedles(): Promise<{ needles: Needle[] }> {
	const { articles } = await loadCorpus(SEEDS_DIR);
	const questions = await loadQuestions(SEED_QUESTIONS);
	const spans = locateEvidence(questions, articles);
	const needles = questions
		.filter((question) => question.answerable && question.evidence.length > 0)
		.map((question) => ({ question: question.question, spans: spans.get(question.id) ?? [] }));
	return { needles };
}

/** Lexical hit ranks on the seed set, locally (MiniSearch) and in Postgres (full-text search). */
async function seedLexical(
	pool: pg.Pool,
	embeddings: EmbeddingModel,
	workDir: string,
): Promise<{ local: number[]; postgres: number[]; rankCd: number[]; needles: number }> {
	const corpusDir = path.join(workDir, 'seeds');
	await cp(SEEDS_DIR, corpusDir, { recursive: true });
	const { needles } = await seedNeedles();
	const logger = createLogger('silent');
	const indexDir = path.join(workDir, 'seeds-index');
	await updateIndex({ corpusDir, indexDir, embeddings, logger });
	const index = await readIndex(indexDir, embeddings);
	await dropEverything(pool);
	await migrate(pool);
	await updatePgIndex({ pool, corpusDir, embeddings, logger });
	const generation = await currentGeneration(pool);
	if (!generation) throw new Error('The seed ingest left no current generation.');
	const pgIndex = await PgIndex.load(pool, generation);
	return {
		local: await lexicalRanks((question) => index.lexical.search(question, K), index.store.passages, needles),
		postgres: await lexicalRanks((question) => pgIndex.text.search(question, K), pgIndex.passages, needles),
		rankCd: await lexicalRanks((question) => pgIndex.rankCdSearch(question, K), pgIndex.passages, needles),
		needles: needles.length,
	};
}

/** Whether every file has exactly the passages and sentences the chunker makes of it, each once. */
async function indexedExactlyOnce(pool: pg.Pool, local: LoadedIndex): Promise<boolean> {
	const generation = await currentGeneration(pool);
	if (!generation) return false;
	const tables = tablesOf(generation.id);
	const { rows } = await pool.query<{ file: string; passages: number; distinct: number; sentences: number }>(
		`SELECT p.file, count(*)::integer AS passages, count(DISTINCT p.id)::integer AS distinct,
			(SELECT count(*)::integer FROM ${tables.sentences} s WHERE s.file = p.file) AS sentences
		FROM ${tables.passages} p GROUP BY p.file`,
	);
	const expected = new Map<string, { passages: number; sentences: number }>();
	for (const passage of local.store.passages) {
		const entry = expected.get(passage.file) ?? { passages: 0, sentences: 0 };
		expected.set(passage.file, {
			passages: entry.passages + 1,
			sentences: entry.sentences + passage.sentences.length,
		});
	}
	return (
		rows.length === expected.size &&
		rows.every((row) => {
			const want = expected.get(row.file);
			return (
				want && row.passages === want.passages && row.distinct === row.passages && row.sentences === want.sentences
			);
		})
	);
}

/**
 * The Postgres backend beside the local one, in one run over the same SOTU corpus: ingest with one process using both
 * cores and with two single-core workers sharing the queue, answer latency, hybrid hit@10 on the needles, top-10
 * overlap with the local backend, HNSW recall against exact search, and Postgres full-text search against MiniSearch
 * BM25. The database is PGlite served over the wire protocol from a thread of this process, as the test suite runs it.
 */
export async function runPostgresBench(
	corpusDir: string,
	workDir: string,
	addresses: number,
): Promise<PostgresBenchResult> {
	const server = await startPGliteServer();
	const { url } = server;
	const pool = openPool(url);
	const logger = createLogger('silent');
	const embeddings = await createEmbeddings(loadEngineConfig({ EMBED_WORKERS: '2' }), logger, 'queries');
	try {
		const { articles } = await loadCorpus(corpusDir);
		const indexDir = path.join(workDir, 'index');
		await mkdir(workDir, { recursive: true });
		const base = { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir };
		note(`postgres: local ingest of ${articles.length} files (EMBED_WORKERS=2)`);
		const localSeconds = await runIngest({ ...base, EMBED_WORKERS: '2' });
		const local = await readIndex(indexDir, embeddings);
		const sentences = local.store.sentenceCount;
		const pgEnv = { ...base, INDEX_BACKEND: 'postgres', DATABASE_URL: url };

		note('postgres: one ingest, EMBED_WORKERS=2');
		const oneSeconds = await runIngest({ ...pgEnv, EMBED_WORKERS: '2' });
		await dropEverything(pool);
		note('postgres: coordinator and one worker, EMBED_WORKERS=1 each');
		const [twoSeconds] = await Promise.all([
			runIngest({ ...pgEnv, EMBED_WORKERS: '1' }),
			runIngest({ ...pgEnv, EMBED_WORKERS: '1' }, ['--worker', '--wait', '120']),
		]);
		const exactlyOnce = await indexedExactlyOnce(pool, local);

		const specs = await loadNeedleSpecs(SOTU_NEEDLES);
		const needles = locateNeedles(specs, articles);
		const questions = [...needles.map((needle) => needle.question), ...topicalQuestions(TOPICAL)];
		note(`postgres: ${needles.length} needles, ${questions.length} questions`);
		const localEngine = await openEngine({ corpusDir, indexDir, embeddings, logger });
		const pgEngine = await openPgEngine({ pool, corpusDir, embeddings, logger });
		const generation = await currentGeneration(pool);
		if (!generation) throw new Error('The ingest left no current generation.');
		const pgIndex = await PgIndex.load(pool, generation);

		let overlap = 0;
		let recall = 0;
		for (const question of questions) {
			const [mine, theirs] = [await localEngine.search(question, { k: K }), await pgEngine.search(question, { k: K })];
			const ids = new Set(mine.map((item) => item.passage.id));
			overlap += theirs.filter((item) => ids.has(item.passage.id)).length / Math.max(1, mine.length);
			const query = await embeddings.embedQuery(question);
			const exact = new Set((await pgIndex.exactSearch(query, K)).map(([label]) => label));
			const approximate = await pgIndex.search(query, K);
			recall += approximate.filter(([label]) => exact.has(label)).length / Math.max(1, exact.size);
		}
		const localScores = {
			answer: await answerLatency(localEngine, questions),
			hybrid: scoreRanks(await hybridRanks(localEngine, needles)),
			lexical: scoreRanks(await lexicalRanks((q) => local.lexical.search(q, K), local.store.passages, needles)),
		};
		const pgScores = {
			answer: await answerLatency(pgEngine, questions),
			hybrid: scoreRanks(await hybridRanks(pgEngine, needles)),
			lexical: scoreRanks(await lexicalRanks((q) => pgIndex.text.search(q, K), pgIndex.passages, needles)),
		};
		const rankCdNeedles = scoreRanks(await lexicalRanks((q) => pgIndex.rankCdSearch(q, K), pgIndex.passages, needles));
		await pgEngine.close();
		const seeds = await seedLexical(pool, embeddings, workDir);
		const run = (label: string, seconds: number): IngestRun => ({
			label,
			seconds,
			sentences,
			sentencesPerSecond: sentences / seconds,
		});
		return {
			addresses,
			files: articles.length,
			passages: local.store.size,
			sentences,
			ingest: [
				run('local, EMBED_WORKERS=2', localSeconds),
				run('Postgres, one ingest, EMBED_WORKERS=2', oneSeconds),
				run('Postgres, coordinator + one worker, EMBED_WORKERS=1 each', twoSeconds),
			],
			splitShare: oneSeconds / twoSeconds,
			exactlyOnce,
			local: { ...localScores, seedLexical: scoreRanks(seeds.local) },
			postgres: { ...pgScores, seedLexical: scoreRanks(seeds.postgres) },
			top10Overlap: overlap / questions.length,
			recallAt10: recall / questions.length,
			efSearch: EF_SEARCH,
			questions: questions.length,
			needles: needles.length,
			seedNeedles: seeds.needles,
			rankCd: { needles: rankCdNeedles, seeds: scoreRanks(seeds.rankCd) },
		};
	} finally {
		await embeddings.close();
		await pool.end();
		await server.close();
	}
}

function fixed(value: number, digits = 3): string {
	return Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** The Markdown section BENCHMARKS.md carries for the Postgres backend. */
export function renderPostgresSection(result: PostgresBenchResult, command: string): string {
	const { local, postgres } = result;
	const ms = (value: number) => `${value.toFixed(1)} ms`;
	const lines = [
		`## Postgres backend (pgvector on PGlite) beside the local index`,
		'',
		`Written by \`${command}\`: ${result.addresses} State of the Union addresses (${result.files} files, ` +
			`${result.passages.toLocaleString('en')} passages, ${result.sentences.toLocaleString('en')} sentences), ` +
			`${result.needles} needle questions + ${result.questions - result.needles} generic ones; both backends measured in the same run. ` +
			'PGlite runs in a thread of its own in the benchmark process and serves the ingest processes over TCP, so it shares the two cores with them.',
		'',
		'### Ingest',
		'',
		'| run | wall | sentences/s |',
		'| --- | --- | --- |',
		...result.ingest.map(
			(run) => `| ${run.label} | ${run.seconds.toFixed(1)} s | ${run.sentencesPerSecond.toFixed(1)} |`,
		),
		'',
		`Two single-core workers reach ${(result.splitShare * 100).toFixed(0)}% of one ingest with both cores (target ≥ 90%); ` +
			`every file indexed exactly once: ${result.exactlyOnce ? 'yes' : '**no**'}.`,
		'',
		'### Answers and retrieval',
		'',
		'| measure | local | Postgres |',
		'| --- | --- | --- |',
		`| answer p50 | ${ms(local.answer.p50)} | ${ms(postgres.answer.p50)} |`,
		`| answer p95 | ${ms(local.answer.p95)} | ${ms(postgres.answer.p95)} |`,
		`| hybrid hit@10 on the needles | ${fixed(local.hybrid.hitAt10)} | ${fixed(postgres.hybrid.hitAt10)} |`,
		`| hybrid MRR@10 on the needles | ${fixed(local.hybrid.mrr)} | ${fixed(postgres.hybrid.mrr)} |`,
		'',
		"Full-text ranking alone: MiniSearch BM25 locally; in Postgres, BM25 computed in SQL over the tsvector (the one retrieval uses) and Postgres's own `ts_rank_cd`.",
		'',
		'| measure | MiniSearch BM25 | Postgres BM25 | ts_rank_cd |',
		'| --- | --- | --- | --- |',
		`| hit@10 on the needles | ${fixed(local.lexical.hitAt10)} | ${fixed(postgres.lexical.hitAt10)} | ${fixed(result.rankCd.needles.hitAt10)} |`,
		`| hit@1 on the needles | ${fixed(local.lexical.hitAt1)} | ${fixed(postgres.lexical.hitAt1)} | ${fixed(result.rankCd.needles.hitAt1)} |`,
		`| hit@10 on the seed set (${result.seedNeedles} answerable) | ${fixed(local.seedLexical.hitAt10)} | ${fixed(postgres.seedLexical.hitAt10)} | ${fixed(result.rankCd.seeds.hitAt10)} |`,
		`| hit@1 on the seed set | ${fixed(local.seedLexical.hitAt1)} | ${fixed(postgres.seedLexical.hitAt1)} | ${fixed(result.rankCd.seeds.hitAt1)} |`,
		'',
		`- Answer p95 on PGlite is ${(postgres.answer.p95 / local.answer.p95).toFixed(2)}× local (target ≤ 3×).`,
		`- Top-10 overlap of hybrid search with the local backend: ${fixed(result.top10Overlap)} (mean share of the local top 10 that Postgres also returns).`,
		`- pgvector HNSW recall@10 against exact search at ef_search ${result.efSearch} (m 16, ef_construction 64): ${fixed(result.recallAt10)} (target ≥ 0.95).`,
		'',
	];
	return `${lines.join('\n')}\n`;
}
