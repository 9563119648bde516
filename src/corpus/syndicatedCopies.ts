import type { Article, CorpusProblem } from './types.ts';

/** Words per shingle: long enough that two different stories on one topic share few of them. */
const SHINGLE_WORDS = 5;
/** MinHash signature length, cut into bands of rows; pairs agreeing on a whole band are compared exactly. */
const BANDS = 16;
const ROWS = 4;
/**
 * Share of the shorter article's shingles found in the other from which two articles are the same story: a wire copy
 * with its own edits, a trimmed ending or an outlet's added line. Candidates come from the MinHash bands, which find
 * pairs from a Jaccard similarity of about 0.5.
 */
export const SAME_STORY_OVERLAP = 0.8;
/** Shorter articles are too short to call copies: a stock phrase would make them look alike. */
const MIN_SHINGLES = 20;

/** 32-bit FNV-1a. */
function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash >>> 0;
}

/** Fixed odd multipliers and offsets for the signature's hash functions (a seeded xorshift, so runs agree). */
const SEEDS = (() => {
	let state = 0x9e3779b9;
	const next = (): number => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return state >>> 0;
	};
	return Array.from({ length: BANDS * ROWS }, () => [next() | 1, next()] as const);
})();

/** The set of word shingles of a text, hashed, case and punctuation ignored. */
export function shingles(text: string): Set<number> {
	const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	const result = new Set<number>();
	for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
		result.add(hashString(words.slice(i, i + SHINGLE_WORDS).join(' ')));
	}
	return result;
}

function signature(set: Set<number>): Uint32Array {
	const minima = new Uint32Array(SEEDS.length).fill(0xffffffff);
	for (const value of set) {
		for (const [i, [multiplier, offset]] of SEEDS.entries()) {
			const hashed = (Math.imul(value, multiplier) + offset) >>> 0;
			const mixed = (hashed ^ (hashed >>> 15)) >>> 0;
			if (mixed < (minima[i] ?? 0)) minima[i] = mixed;
		}
	}
	return minima;
}

/** Share of the smaller set found in the larger (the overlap coefficient). */
export function overlap(a: Set<number>, b: Set<number>): number {
	const [small, large] = a.size < b.size ? [a, b] : [b, a];
	let shared = 0;
	for (const value of small) if (large.has(value)) shared++;
	return small.size === 0 ? 0 : shared / small.size;
}

/** Where a copy ran: its publisher, else its site, else its file. */
function outlet(article: Article): string {
	if (article.publisher) return article.publisher;
	if (article.url) {
		try {
			return new URL(article.url).hostname.replace(/^www\./u, '');
		} catch {
			// not a URL: fall through to the file
		}
	}
	return article.file;
}

export interface Collapsed {
	readonly articles: readonly Article[];
	/** One entry per copy left out, naming the article kept. */
	readonly problems: readonly CorpusProblem[];
}

/**
 * Finds near-duplicate articles (MinHash over word shingles, candidates by banding, then their exact overlap), keeps the first
 * of each group in corpus order and lists the others' outlets in its `alsoIn`, so a syndicated story is embedded once.
 */
export function collapseSyndicated(articles: readonly Article[]): Collapsed {
	const sets = articles.map((article) => shingles(article.text));
	const buckets = new Map<string, number[]>();
	const keptFor = new Map<number, number>();
	const alsoIn = new Map<number, string[]>();
	for (const [i, set] of sets.entries()) {
		if (set.size < MIN_SHINGLES) continue;
		const minima = signature(set);
		let original: number | undefined;
		const keys: string[] = [];
		for (let band = 0; band < BANDS; band++) {
			const key = `${band}:${minima.subarray(band * ROWS, (band + 1) * ROWS).join(',')}`;
			keys.push(key);
			for (const candidate of buckets.get(key) ?? []) {
				if (original === undefined && overlap(set, sets[candidate] ?? new Set()) >= SAME_STORY_OVERLAP) {
					original = candidate;
				}
			}
		}
		if (original === undefined) {
			for (const key of keys) {
				const bucket = buckets.get(key);
				if (bucket) bucket.push(i);
				else buckets.set(key, [i]);
			}
			continue;
		}
		keptFor.set(i, original);
		const copy = articles[i];
		const kept = articles[original];
		if (copy && kept && outlet(copy) !== outlet(kept)) {
			const outlets = alsoIn.get(original) ?? [];
			if (!outlets.includes(outlet(copy))) outlets.push(outlet(copy));
			alsoIn.set(original, outlets);
		}
	}
	const problems: CorpusProblem[] = [];
	const kept: Article[] = [];
	for (const [i, article] of articles.entries()) {
		const original = keptFor.get(i);
		if (original !== undefined) {
			const file = articles[original]?.file ?? '';
			problems.push({
				file: article.file,
				reason: `a copy of ${file}, indexed once (listed there as also in ${outlet(article)})`,
				sha256: article.sha256,
			});
			continue;
		}
		const outlets = alsoIn.get(i);
		kept.push(outlets ? { ...article, alsoIn: outlets } : article);
	}
	return { articles: kept, problems };
}
