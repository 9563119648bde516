import type { CorpusConfig } from '../corpusConfig.ts';

/** What a reader found for one article, before cleaning; `text` has one paragraph per line. */
export interface ArticleFields {
	/** Within a multi-article file, what tells this article apart (its URL, id or row number). */
	readonly key?: string;
	/** For a row of a multi-article file, a hash of the row: unchanged rows keep their vectors. */
	readonly sha256?: string;
	readonly text: string;
	readonly title?: string;
	readonly publisher?: string;
	readonly date?: string;
	readonly url?: string;
	readonly authors?: readonly string[];
	readonly language?: string;
}

/** One article of a file, or one part of it (a row, a line, an item) that had to be skipped, and why. */
export type ReadItem =
	| { readonly article: ArticleFields; /** For a row or an item: "line 7", "item 2" */ readonly where?: string }
	| { readonly problem: string; /** "row 7", "line 3", "item 2" */ readonly where: string };

export interface SourceFile {
	readonly path: string;
	readonly size: number;
	readonly config: CorpusConfig;
}

/** One module per source format, all behind this interface; the loader picks one by file extension. */
export interface FormatReader {
	readonly extensions: readonly string[];
	/** Whether a file holds many articles, each then identified as `file#key`. */
	readonly multiArticle: boolean;
	/**
	 * Yields the file's articles, and the parts it skips with their reasons.
	 * @throws Error with a reason written for the file's owner when the whole file cannot be read.
	 */
	read(source: SourceFile): AsyncIterable<ReadItem>;
}
