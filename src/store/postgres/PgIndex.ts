import type pg from 'pg';
import type { ArticleSummary, Passage } from '../../corpus/types.ts';
import type { TextIndex, VectorIndex } from '../../retrieval/HybridRetriever.ts';
import { TITLE_BOOST } from '../LexicalIndex.ts';
import { tablesOf, type Generation } from './generations.ts';
import { withTransaction } from './pgPool.ts';

/** Sentence neighbours fetched per passage wanted, as the local store does: passages have several sentences each. */
const SENTENCES_PER_PASSAGE = 3;
/**
 * pgvector's HNSW candidate list per search. It must be at least the number of sentences a search asks for (retrieval
 * asks for up to 120: 40 passages, 3 sentences each); recall against exact search at this value is measured by
 * `npm run bench` (its postgres job). Set per search with SET LOCAL, so it holds on any connection and behind a pooler.
 */
export const EF_SEARCH = 200;
/** ts_rank_cd normalisation 1: divides by 1 + log(length), so long passages do not win on length alone. */
const RANK_NORMALISATION = 1;
/** BM25's term-frequency saturation and length normalisation, as MiniSearch uses them locally. */
const BM25 = { k1: 1.2, b: 0.7 } as const;
/**
 * Candidates come from the question's rarest lexemes, taken in order of rarity while the passages holding the rarer
 * ones number under this share of all passages (or CANDIDATE_MIN in a small corpus): a passage BM25 puts on top holds
 * the rarer words, and scoring every passage that says "president" costs far more than it could change. The commoner
 * words still count in a candidate's score.
 */
const CANDIDATE_SHARE = 0.05;
const CANDIDATE_MIN = 200;
/**
 * A passage's positions of the question's lexemes alone, as a small tsvector: they are weighted B (which the ingest
 * never writes: titles are C, bodies A), then only B is kept. Unnesting that costs a fraction of unnesting the
 * passage's every lexeme, which was most of a full-text search's time.
 */
const questionLexemesOf = (tsv: string): string => `ts_filter(setweight(${tsv}, 'B', lexemes.list), '{B}')`;

interface ArticleRow {
	file: string;
	title: string;
	publisher: string | null;
	date: string | null;
	url: string | null;
	authors: string[] | null;
	language: string | null;
	also_in: string[] | null;
	passage_count: number;
}

interface PassageRow {
	id: string;
	file: string;
	ordinal: number;
	start_offset: number;
	end_offset: number;
	text: string;
	sentences: [number, number][];
}

function toSummary(row: ArticleRow): ArticleSummary {
	return {
		file: row.file,
		title: row.title,
		...(row.publisher === null ? {} : { publisher: row.publisher }),
		...(row.date === null ? {} : { date: row.date }),
		...(row.url === null ? {} : { url: row.url }),
		...(row.authors === null ? {} : { authors: row.authors }),
		...(row.language === null ? {} : { language: row.language }),
		...(row.also_in === null ? {} : { alsoIn: row.also_in }),
		passageCount: row.passage_count,
	};
}

/** Postgres's OR query over the words of a question: letters and digits only, so nothing in it is query syntax. */
export function orQuery(text: string): string {
	const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
	return [...words].join(' | ');
}

/**
 * pgvector's binary form of a vector (what vector_recv reads): the dimension and an unused int16, then float4s, all
 * big-endian. Sent as a binary parameter, so the database does not parse hundreds of decimal numbers per search.
 */
function vectorBinary(query: readonly number[]): Buffer {
	if (!query.every((value) => Number.isFinite(value))) throw new Error('A query vector holds a non-finite number.');
	const bytes = Buffer.alloc(4 + 4 * query.length);
	bytes.writeInt16BE(query.length, 0);
	query.forEach((value, i) => bytes.writeFloatBE(value, 4 + 4 * i));
	return bytes;
}

/** A vector from pgvector's binary form (vector_send), the inverse of vectorBinary. */
function fromVectorBinary(bytes: Buffer): number[] {
	const dimensions = bytes.readInt16BE(0);
	return Array.from({ length: dimensions }, (_, i) => bytes.readFloatBE(4 + 4 * i));
}

type SimilarityRow = { passage_id: string; similarity: number };

/**
 * One generation of the shared index in Postgres: sentence vectors searched with pgvector's HNSW index (cosine),
 * passages ranked by BM25 over full-text search (tsvector, GIN, a document-frequency table). The passage texts and article list are read once per
 * generation, since the engine's catalogue calls (sources, autocomplete, a passage by id) answer without a round trip.
 */
export class PgIndex implements VectorIndex {
	private readonly tables: ReturnType<typeof tablesOf>;
	private readonly labelOf: Map<string, number>;
	/** The full-text side, for retrieval's lexical ranking. */
	public readonly text: TextIndex = { search: (text, k, files) => this.textSearch(text, k, files) };

	private constructor(
		private readonly pool: pg.Pool,
		public readonly generation: Generation,
		public readonly articles: readonly ArticleSummary[],
		public readonly passages: readonly Passage[],
		/** Mean lexemes per passage, BM25's reference length. */
		private readonly meanLength: number,
	) {
		this.tables = tablesOf(generation.id);
		this.labelOf = new Map(passages.map((passage, label) => [passage.id, label]));
	}

	/** Reads a generation's articles and passages, in corpus order. */
	public static async load(pool: pg.Pool, generation: Generation): Promise<PgIndex> {
		const tables = tablesOf(generation.id);
		const articles = await pool.query<ArticleRow>(
			`SELECT file, title, publisher, date, url, authors, language, also_in, passage_count
			FROM ${tables.articles} ORDER BY position`,
		);
		const passages = await pool.query<PassageRow>(
			`SELECT p.id, p.file, p.ordinal, p.start_offset, p.end_offset, p.text, p.sentences
			FROM ${tables.passages} p JOIN ${tables.articles} a ON a.file = p.file ORDER BY a.position, p.ordinal`,
		);
		const lengths = await pool.query<{ mean: number }>(
			`SELECT coalesce(avg(length(tsv)), 1)::float8 AS mean FROM ${tables.passages}`,
		);
		return new PgIndex(
			pool,
			generation,
			articles.rows.map(toSummary),
			passages.rows.map((row) => ({
				id: row.id,
				file: row.file,
				ordinal: row.ordinal,
				start: row.start_offset,
				end: row.end_offset,
				text: row.text,
				sentences: row.sentences,
			})),
			lengths.rows[0]?.mean ?? 1,
		);
	}

	/** Approximate nearest passages by their closest sentence; within a filter's files the search is exact. */
	public async search(
		query: readonly number[],
		k: number,
		filter?: { readonly files?: ReadonlySet<string> },
	): Promise<[number, number][]> {
		const limit = k * SENTENCES_PER_PASSAGE;
		const vector = vectorBinary(query);
		if (filter?.files !== undefined) {
			// A post-filtered HNSW scan misses the sentences of files the filter allows when they are few; scanning just
			// their sentences finds them all, and a filter a news team sets (a source, a publisher, a date range) is small.
			const { rows } = await this.pool.query<SimilarityRow>(
				`WITH own AS MATERIALIZED (SELECT passage_id, embedding FROM ${this.tables.sentences} WHERE file = ANY($3))
				SELECT passage_id, 1 - (embedding <=> $1::vector) AS similarity FROM own
				ORDER BY embedding <=> $1::vector LIMIT $2`,
				[vector, limit, [...filter.files]],
			);
			return this.bestPerPassage(rows).slice(0, k);
		}
		// SET LOCAL applies to this search alone, on any connection and behind a pooler; the value is a number.
		const rows = await withTransaction(
			this.pool,
			async (client) => {
				const result = await client.query<SimilarityRow>(
					`SELECT passage_id, 1 - (embedding <=> $1::vector) AS similarity FROM ${this.tables.sentences}
					ORDER BY embedding <=> $1::vector LIMIT $2`,
					[vector, limit],
				);
				return result.rows;
			},
			`SET LOCAL hnsw.ef_search = ${EF_SEARCH}`,
		);
		return this.bestPerPassage(rows).slice(0, k);
	}

	/** Exact nearest passages by a full scan: the ground truth that HNSW recall is measured against. */
	public async exactSearch(query: readonly number[], k: number): Promise<[number, number][]> {
		const { rows } = await this.pool.query<SimilarityRow>(
			`WITH scored AS MATERIALIZED (
				SELECT passage_id, 1 - (embedding <=> $1::vector) AS similarity FROM ${this.tables.sentences})
			SELECT passage_id, similarity FROM scored ORDER BY similarity DESC LIMIT $2`,
			[vectorBinary(query), k * SENTENCES_PER_PASSAGE],
		);
		return this.bestPerPassage(rows).slice(0, k);
	}

	public async vectorsOf(labels: readonly number[]): Promise<number[][][]> {
		const ids = labels.map((label) => this.passages[label]?.id ?? '');
		const { rows } = await this.pool.query<{ passage_id: string; embedding: Buffer }>(
			`SELECT passage_id, vector_send(embedding) AS embedding FROM ${this.tables.sentences}
			WHERE passage_id = ANY ($1) ORDER BY passage_id, ordinal`,
			[ids],
		);
		const byPassage = new Map<string, number[][]>();
		for (const row of rows) {
			const vectors = byPassage.get(row.passage_id) ?? [];
			vectors.push(fromVectorBinary(row.embedding));
			byPassage.set(row.passage_id, vectors);
		}
		return ids.map((id) => byPassage.get(id) ?? []);
	}

	/**
	 * BM25 over Postgres full-text search: the question's lexemes (stemmed by the english configuration) weighed by
	 * inverse document frequency from the generation's term table, with title words at TITLE_BOOST, optionally within
	 * some files. Candidates come from the GIN index on the question's rarest lexemes (CANDIDATE_SHARE), or on all of
	 * them within a filter's files.
	 */
	public async textSearch(text: string, k: number, files?: ReadonlySet<string>): Promise<[number, number][]> {
		const { rows } = await this.pool.query<{ id: string; score: number }>(
			`WITH q AS (
				SELECT lexeme, documents, ln(1 + ($2 - documents + 0.5) / (documents + 0.5)) AS idf
				FROM ${this.tables.terms} WHERE lexeme = ANY (tsvector_to_array(to_tsvector('english', $1)))
			), wanted AS (
				SELECT lexeme FROM (
					SELECT lexeme, sum(documents) OVER (ORDER BY documents, lexeme) - documents AS rarer FROM q
				) ranked WHERE $3::float8 IS NULL OR rarer < $3
			), candidates AS (
				SELECT id, tsv FROM ${this.tables.passages}
				WHERE tsv @@ (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery FROM wanted)
					AND ($4::text[] IS NULL OR file = ANY ($4))
			), lexemes AS (SELECT array_agg(lexeme) AS list FROM q)
			SELECT c.id, sum(q.idf * t.tf * ${BM25.k1 + 1} /
				(t.tf + ${BM25.k1} * (1 - ${BM25.b} + ${BM25.b} * length(c.tsv) / $5::float8))) AS score
			FROM candidates c CROSS JOIN lexemes
			CROSS JOIN LATERAL (
				SELECT lexeme, cardinality(every.positions) - ${1 - TITLE_BOOST} * coalesce(cardinality(title.positions), 0) AS tf
				FROM unnest(${questionLexemesOf('c.tsv')}) every
				LEFT JOIN unnest(${questionLexemesOf("ts_filter(c.tsv, '{C}')")}) title USING (lexeme)
			) t
			JOIN q USING (lexeme)
			GROUP BY c.id ORDER BY score DESC, c.id LIMIT $6`,
			[
				text,
				this.passages.length,
				// Within a filter's files every question word makes candidates: the rare words may all lie outside them.
				files === undefined ? Math.max(CANDIDATE_MIN, CANDIDATE_SHARE * this.passages.length) : null,
				files === undefined ? null : [...files],
				this.meanLength,
				k,
			],
		);
		return this.labelled(rows);
	}

	/** Postgres's own ranking, ts_rank_cd, which has no inverse document frequency: the baseline BM25 is measured against. */
	public async rankCdSearch(text: string, k: number): Promise<[number, number][]> {
		const words = orQuery(text);
		if (words === '') return [];
		const { rows } = await this.pool.query<{ id: string; score: number }>(
			`SELECT id, ts_rank_cd(tsv, query, ${RANK_NORMALISATION}) AS score
			FROM ${this.tables.passages}, to_tsquery('english', $1) AS query
			WHERE tsv @@ query ORDER BY score DESC, id LIMIT $2`,
			[words, k],
		);
		return this.labelled(rows);
	}

	private labelled(rows: readonly { id: string; score: number }[]): [number, number][] {
		return rows.flatMap((row) => {
			const label = this.labelOf.get(row.id);
			return label === undefined ? [] : [[label, row.score] as [number, number]];
		});
	}

	private bestPerPassage(rows: readonly SimilarityRow[]): [number, number][] {
		const best = new Map<number, number>();
		for (const row of rows) {
			const label = this.labelOf.get(row.passage_id);
			if (label !== undefined && !best.has(label)) best.set(label, row.similarity);
		}
		return [...best];
	}
}
