import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Article } from '../corpus/types.ts';

const needleSchema = z.object({
	question: z.string().min(1),
	/** The corpus file the evidence is in; without it, every article is searched. */
	file: z.string().min(1).optional(),
	/** Exact text of the cleaned article that answers the question. */
	evidence: z.string().min(20),
});

export type NeedleSpec = z.infer<typeof needleSchema>;

/** The hand-written SOTU needle questions. */
export const SOTU_NEEDLES = new URL('../../test/bench/sotuNeedles.json', import.meta.url);

/** A stretch of an article's cleaned text: where evidence stands, or what a passage covers. */
export interface Span {
	readonly file: string;
	readonly start: number;
	readonly end: number;
}

/** A question with the places in the corpus that answer it. */
export interface Needle {
	readonly question: string;
	readonly spans: readonly Span[];
}

/** @throws Error naming the file when it is not a list of needles. */
export async function loadNeedleSpecs(file: URL | string): Promise<NeedleSpec[]> {
	const parsed = z.array(needleSchema).safeParse(JSON.parse(await readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${String(file)} is not a needle list: ${parsed.error.message}`);
	return parsed.data;
}

function spansIn(article: Article, evidence: string): Span[] {
	const spans: Span[] = [];
	for (let at = article.text.indexOf(evidence); at >= 0; at = article.text.indexOf(evidence, at + 1)) {
		spans.push({ file: article.file, start: at, end: at + evidence.length });
	}
	return spans;
}

/**
 * Finds each needle's evidence in the cleaned articles. Needles naming a file the corpus does not hold are left out
 * (a partial corpus, as `--quick` uses).
 * @throws Error when evidence is not in the article it names, or, without a file, in no article.
 */
export function locateNeedles(specs: readonly NeedleSpec[], articles: readonly Article[]): Needle[] {
	const byFile = new Map(articles.map((article) => [article.file, article]));
	const needles: Needle[] = [];
	for (const spec of specs) {
		const article = spec.file === undefined ? undefined : byFile.get(spec.file);
		if (spec.file !== undefined && article === undefined) continue;
		const spans = article ? spansIn(article, spec.evidence) : articles.flatMap((each) => spansIn(each, spec.evidence));
		if (spans.length === 0) {
			throw new Error(
				`The evidence of "${spec.question}" is not in the cleaned text of ${spec.file ?? 'any article'}.`,
			);
		}
		needles.push({ question: spec.question, spans });
	}
	return needles;
}

/** A retrieved span supports the evidence when it holds at least half of one evidence span (as `npm run eval` scores). */
export function supports(retrieved: Span, spans: readonly Span[]): boolean {
	return spans.some((span) => {
		const overlap = Math.min(span.end, retrieved.end) - Math.max(span.start, retrieved.start);
		return retrieved.file === span.file && overlap >= (span.end - span.start) / 2;
	});
}

/** Rank (0-based) of the first retrieved span that supports the evidence, or -1. */
export function firstHit(retrieved: readonly Span[], spans: readonly Span[]): number {
	return retrieved.findIndex((item) => supports(item, spans));
}

export interface HitScores {
	readonly questions: number;
	readonly hitAt1: number;
	readonly hitAt10: number;
	/** Mean reciprocal rank within the top 10. */
	readonly mrr: number;
}

/** Scores first-hit ranks (-1 for a miss). */
export function scoreRanks(ranks: readonly number[]): HitScores {
	const share = (count: number): number => (ranks.length === 0 ? Number.NaN : count / ranks.length);
	return {
		questions: ranks.length,
		hitAt1: share(ranks.filter((rank) => rank === 0).length),
		hitAt10: share(ranks.filter((rank) => rank >= 0 && rank < 10).length),
		mrr: share(ranks.reduce((sum, rank) => sum + (rank >= 0 && rank < 10 ? 1 / (rank + 1) : 0), 0)),
	};
}
