/** An article after cleaning: `text` is what passage offsets point into. */
export interface Article {
	/** File name relative to the corpus directory, e.g. `000_6be32923d2a58d10.txt`. */
	readonly file: string;
	/** sha256 of the raw file bytes; the manifest compares it to decide what to re-embed. */
	readonly sha256: string;
	readonly title: string;
	readonly publisher?: string;
	/** ISO date (YYYY-MM-DD) when the article states one. */
	readonly date?: string;
	/** The article's address on the web (canonical link, og:url, a feed's or a row's link), when known. */
	readonly url?: string;
	/** Its authors, as the page, feed or row names them. */
	readonly authors?: readonly string[];
	/** BCP 47 language tag (`en`, `fr`) when the source states or shows one. */
	readonly language?: string;
	/** Other outlets that ran a near-duplicate of this article, which is indexed in their place. */
	readonly alsoIn?: readonly string[];
	readonly text: string;
}

/** A retrieval unit: whole sentences of one article, with exact offsets into `Article.text`. */
export interface Passage {
	/** Stable across re-ingests of the same file content: `<file>#<ordinal>`. */
	readonly id: string;
	readonly file: string;
	readonly ordinal: number;
	readonly start: number;
	readonly end: number;
	readonly text: string;
	/** Its sentences as [start, end) offsets into `Article.text`, in order; each is embedded on its own. */
	readonly sentences: readonly (readonly [number, number])[];
}

/** What the rest of the product needs to know about an article, without its text. */
export interface ArticleSummary {
	readonly file: string;
	readonly title: string;
	readonly publisher?: string;
	readonly date?: string;
	readonly url?: string;
	readonly authors?: readonly string[];
	readonly language?: string;
	/** Other outlets that ran a near-duplicate of this article (a syndicated wire story), indexed once. */
	readonly alsoIn?: readonly string[];
	readonly passageCount: number;
}

/** A file that could not be ingested, reported by name and skipped. */
export interface CorpusProblem {
	readonly file: string;
	readonly reason: string;
	readonly sha256: string;
}
