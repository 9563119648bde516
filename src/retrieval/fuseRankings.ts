/** Reciprocal rank fusion's damping constant (Cormack et al.); larger flattens the head of each list. */
export const RRF_K = 60;

export type Fusion = 'convex' | 'rrf';
/** Single-retriever baselines rank by one side's score alone. */
type Ranking = Fusion | 'vector' | 'lexical';

/** A candidate passage with both retrievers' evidence; `lexical` is 0 when BM25 did not return it. */
export interface Candidate {
	readonly label: number;
	readonly similarity: number;
	readonly lexical: number;
	readonly vectorRank?: number;
	readonly lexicalRank?: number;
}

/**
 * Weight of the semantic side in convex fusion; BM25 gets the rest. Chosen on the evaluation set
 * (`npm run eval` prints both fusions side by side).
 */
export const VECTOR_WEIGHT = 0.5;

function minMax(values: readonly number[]): (value: number) => number {
	const min = Math.min(...values);
	const max = Math.max(...values);
	return (value) => (max > min ? (value - min) / (max - min) : 1);
}

/**
 * Scores candidates from both retrievers. Convex fusion (Bruch et al., 2023) keeps score margins that
 * reciprocal rank fusion throws away: a passage BM25 scores far above the rest stays on top.
 * Returns [label, score] best first.
 */
export function fuse(candidates: readonly Candidate[], fusion: Ranking): [number, number][] {
	let scored: [number, number][];
	if (fusion === 'vector' || fusion === 'lexical') {
		scored = candidates.map((c) => [c.label, fusion === 'vector' ? c.similarity : c.lexical]);
	} else if (fusion === 'rrf') {
		const rrf = (rank: number | undefined): number => (rank === undefined ? 0 : 1 / (RRF_K + rank + 1));
		scored = candidates.map((c) => [c.label, rrf(c.vectorRank) + rrf(c.lexicalRank)]);
	} else {
		const semantic = minMax(candidates.map((c) => c.similarity));
		const topLexical = Math.max(0, ...candidates.map((c) => c.lexical));
		scored = candidates.map((c) => [
			c.label,
			VECTOR_WEIGHT * semantic(c.similarity) + (1 - VECTOR_WEIGHT) * (topLexical > 0 ? c.lexical / topLexical : 0),
		]);
	}
	return scored.sort((a, b) => b[1] - a[1]);
}

/** Per earlier pick from the same article, a candidate's score is multiplied by this. */
export const SAME_ARTICLE_DECAY = 0.85;

/**
 * Picks k items greedily, discounting items whose group is already represented, so one article
 * cannot crowd out another relevant one. Input is [item, score] best first.
 */
export function diversify<T>(ranked: readonly [T, number][], k: number, groupOf: (item: T) => string): [T, number][] {
	const remaining = [...ranked];
	const picked: [T, number][] = [];
	const perGroup = new Map<string, number>();
	while (picked.length < k && remaining.length > 0) {
		let bestIndex = 0;
		let bestScore = -Infinity;
		remaining.forEach(([item, score], index) => {
			const adjusted = score * SAME_ARTICLE_DECAY ** (perGroup.get(groupOf(item)) ?? 0);
			if (adjusted > bestScore) {
				bestScore = adjusted;
				bestIndex = index;
			}
		});
		const [choice] = remaining.splice(bestIndex, 1);
		if (!choice) break;
		picked.push(choice);
		perGroup.set(groupOf(choice[0]), (perGroup.get(groupOf(choice[0])) ?? 0) + 1);
	}
	return picked;
}
