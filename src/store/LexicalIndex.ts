import { setImmediate as nextTurn } from 'node:timers/promises';
import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { contentTerms, normaliseTerm, tokenize } from '../text/terms.ts';
import { parseJsonLines, writeJsonLines } from './jsonLines.ts';

/** A header line, then MiniSearch's term index a slice per line, so that loading parses it in slices. */
export const LEXICAL_FILE = 'lexical.jsonl';
/** Passages indexed between yields to the event loop. */
const BUILD_SLICE = 100;
/** Terms of MiniSearch's index per line of the file. */
const TERMS_PER_LINE = 1_000;

interface LexicalDocument {
	readonly id: number;
	readonly text: string;
	readonly title: string;
	readonly file: string;
}

/** The first line of the file: everything but MiniSearch's term index, which follows on the next lines. */
interface Header {
	readonly miniSearch: Omit<AsPlainObject, 'index'>;
	readonly documentFrequency: Record<string, number>;
	readonly count: number;
}

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
	for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** A title word counts for this much of a word of the text. */
export const TITLE_BOOST = 0.3;

const OPTIONS = {
	fields: ['text', 'title'],
	storeFields: [],
	tokenize,
	processTerm: normaliseTerm,
	searchOptions: { boost: { title: TITLE_BOOST } },
};

/** BM25 (MiniSearch's BM25+) over passages, with titles as a weaker field; labels are passage positions. */
export class LexicalIndex {
	private constructor(
		private readonly miniSearch: MiniSearch<LexicalDocument>,
		private readonly documentFrequency_: Map<string, number>,
		private readonly count: number,
		private readonly files: readonly string[],
	) {}

	/** Indexes passages, yielding to the event loop between slices; `titleOf` gives each passage's article title. */
	public static async build(passages: readonly Passage[], titleOf: (file: string) => string): Promise<LexicalIndex> {
		const miniSearch = new MiniSearch<LexicalDocument>(OPTIONS);
		const documentFrequency = new Map<string, number>();
		for (let start = 0; start < passages.length; start += BUILD_SLICE) {
			const slice = passages.slice(start, start + BUILD_SLICE);
			miniSearch.addAll(
				slice.map((passage, i) => {
					for (const term of new Set(contentTerms(passage.text))) {
						documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
					}
					return { id: start + i, text: passage.text, title: titleOf(passage.file), file: passage.file };
				}),
			);
			await nextTurn();
		}
		const files = passages.map((passage) => passage.file);
		return new LexicalIndex(miniSearch, documentFrequency, passages.length, files);
	}

	/**
	 * Restores an index written by {@link write}, parsing it in slices.
	 * @throws AppError('INDEX_CORRUPT') when the text is not a lexical index for these passages.
	 */
	public static async deserialize(text: string, passages: readonly Passage[]): Promise<LexicalIndex> {
		try {
			const [header, ...lines] = (await parseJsonLines(text)) as [Header, ...AsPlainObject['index'][]];
			if (header?.count !== passages.length) {
				throw new Error(`it indexes ${header?.count} passages, not ${passages.length}`);
			}
			const index = lines.flat();
			// The async loader rebuilds the index in slices, so a large one does not stall a serving bot.
			const miniSearch = await MiniSearch.loadJSAsync<LexicalDocument>({ ...header.miniSearch, index }, OPTIONS);
			return new LexicalIndex(
				miniSearch,
				new Map(Object.entries(header.documentFrequency)),
				header.count,
				passages.map((passage) => passage.file),
			);
		} catch (error) {
			throw new AppError('INDEX_CORRUPT', `The lexical index cannot be loaded: ${(error as Error).message}`, {
				cause: error,
			});
		}
	}

	/** Writes the index to `file` a line at a time. */
	public async write(file: string): Promise<void> {
		const { index, ...miniSearch } = this.miniSearch.toJSON();
		const header: Header = {
			miniSearch,
			documentFrequency: Object.fromEntries(this.documentFrequency_),
			count: this.count,
		};
		await writeJsonLines(file, [header, ...slices(index, TERMS_PER_LINE)]);
	}

	/** BM25 ranking as [label, score], best first, optionally within some files. */
	public search(query: string, k: number, files?: ReadonlySet<string>): [number, number][] {
		const results = this.miniSearch.search(query, {
			combineWith: 'OR',
			...(files === undefined ? {} : { filter: (result) => files.has(this.files[result.id as number] ?? '') }),
		});
		return results.slice(0, k).map((result) => [result.id as number, result.score]);
	}

	/** Passages containing every word typed so far, the last one as a prefix: for autocomplete. */
	public matchPrefix(typed: string, k: number): number[] {
		return this.miniSearch
			.search(typed, { combineWith: 'AND', prefix: (_term, i, terms) => i === terms.length - 1 })
			.slice(0, k)
			.map((result) => result.id as number);
	}

	/** In how many passages a normalised term occurs. */
	public documentFrequency(term: string): number {
		return this.documentFrequency_.get(term) ?? 0;
	}

	/** Inverse document frequency of a normalised term (BM25's form, never negative). */
	public idf(term: string): number {
		const frequency = this.documentFrequency_.get(term) ?? 0;
		return Math.log(1 + (this.count - frequency + 0.5) / (frequency + 0.5));
	}
}
