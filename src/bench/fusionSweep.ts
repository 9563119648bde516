import { diversify } from '../retrieval/fuseRankings.ts';
import type { HnswStore } from '../store/HnswStore.ts';
import type { LexicalIndex } from '../store/LexicalIndex.ts';
import { firstHit, scoreRanks, type HitScores, type Needle } from './needles.ts';

/** Weights of the semantic side tried; the product's is `VECTOR_WEIGHT`. */
export const FUSION_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1] as const;
/** Candidate passages each retriever contributes, as `HybridRetriever` asks for with k = 10. */
const DEPTH = 40;
const K = 10;

/** How a passage BM25 found but vector search did not is given a similarity. */
export type LexicalOnlySimilarity = 'bound' | 'exact';

export interface FusionPoint {
	readonly vectorWeight: number;
	readonly lexicalOnly: LexicalOnlySimilarity;
	readonly scores: HitScores;
}

interface Scored {
	readonly label: number;
	readonly similarity: number;
	readonly lexical: number;
}

/** Min-max normalised convex fusion, as `fuse(…, 'convex')` computes it, with the semantic weight as a parameter. */
export function convexFusion(candidates: readonly Scored[], vectorWeight: number): [number, number][] {
	const similarities = candidates.map((candidate) => candidate.similarity);
	const min = Math.min(...similarities);
	const max = Math.max(...similarities);
	const topLexical = Math.max(0, ...candidates.map((candidate) => candidate.lexical));
	return candidates
		.map((candidate): [number, number] => [
			candidate.label,
			vectorWeight * (max > min ? (candidate.similarity - min) / (max - min) : 1) +
				(1 - vectorWeight) * (topLexical > 0 ? candidate.lexical / topLexical : 0),
		])
		.sort((a, b) => b[1] - a[1]);
}

/**
 * Hit scores of hybrid retrieval over a range of semantic weights, with lexical-only candidates scored by the bound
 * the retriever uses (the last vector hit's similarity) or by their exact closest sentence.
 */
export async function sweepFusion(
	store: HnswStore,
	lexical: LexicalIndex,
	embedQuery: (text: string) => Promise<number[]>,
	needles: readonly Needle[],
): Promise<FusionPoint[]> {
	const perNeedle: { bound: Scored[]; exact: Scored[] }[] = [];
	for (const needle of needles) {
		const query = await embedQuery(needle.question);
		const vectorHits = store.search(query, DEPTH);
		const lexicalHits = lexical.search(needle.question, DEPTH);
		const bound = vectorHits.at(-1)?.[1] ?? 0;
		const byLabel = new Map(vectorHits.map(([label, similarity]) => [label, similarity]));
		const merged = (lexicalOnly: (label: number) => number): Scored[] => {
			const scored = new Map<number, Scored>(
				vectorHits.map(([label, similarity]) => [label, { label, similarity, lexical: 0 }]),
			);
			for (const [label, score] of lexicalHits) {
				scored.set(label, { label, similarity: byLabel.get(label) ?? lexicalOnly(label), lexical: score });
			}
			return [...scored.values()];
		};
		perNeedle.push({
			bound: merged(() => bound),
			exact: merged((label) => Math.max(-1, ...store.sentenceSimilarities(query, label))),
		});
	}
	const fileOf = (label: number): string => store.passages[label]?.file ?? '';
	const points: FusionPoint[] = [];
	for (const lexicalOnly of ['bound', 'exact'] as const) {
		for (const vectorWeight of FUSION_WEIGHTS) {
			const ranks = needles.map((needle, i) => {
				const picked = diversify(convexFusion(perNeedle[i]?.[lexicalOnly] ?? [], vectorWeight), K, fileOf);
				const spans = picked.flatMap(([label]) => {
					const passage = store.passages[label];
					return passage ? [passage] : [];
				});
				return firstHit(spans, needle.spans);
			});
			points.push({ vectorWeight, lexicalOnly, scores: scoreRanks(ranks) });
		}
	}
	return points;
}
