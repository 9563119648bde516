/**
 * Two passages whose best-matching sentences are at least this close (cosine of USE lite vectors) say the same thing:
 * the same report in another article, or an update of it with new figures. Measured on such pairs in
 * test/retrieval/preferNewest.test.ts; unrelated sentences on one topic stay below it.
 */
export const SAME_CLAIM_SIMILARITY = 0.8;

export interface DatedCandidate {
	readonly file: string;
	/** ISO day, when the article states one; an undated article counts as older than any dated one. */
	readonly date: string | undefined;
	/** The normalised vector of its sentence closest to the question. */
	readonly vector: readonly number[];
}

function dot(a: readonly number[], b: readonly number[]): number {
	let sum = 0;
	for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
	return sum;
}

function isNewer(a: DatedCandidate, b: DatedCandidate): boolean {
	return (a.date ?? '') > (b.date ?? '');
}

/**
 * Keeps, of candidates (best first) that say the same thing in different articles, only the newest, at the rank of
 * the best of them; the rest keep their order. Returns at most `k` candidates.
 */
export function preferNewest<T extends DatedCandidate>(ranked: readonly T[], k: number): T[] {
	const kept: T[] = [];
	for (const candidate of ranked) {
		const same = kept.findIndex(
			(other) => other.file !== candidate.file && dot(other.vector, candidate.vector) >= SAME_CLAIM_SIMILARITY,
		);
		if (same < 0) {
			if (kept.length < k) kept.push(candidate);
		} else if (isNewer(candidate, kept[same]!)) {
			kept[same] = candidate;
		}
	}
	return kept;
}
