/** One vocabulary entry as the USE `vocab.json` stores it: the piece and its log-probability score. */
export type VocabularyEntry = readonly [piece: string, score: number];

/** The first entries of the vocabulary are control tokens that never match text. */
const RESERVED_SYMBOLS = 6;
/** Id of '�', which stands for any symbol no piece covers. */
const UNKNOWN_ID = 0;
const SEPARATOR = '\u2581';

interface TrieNode {
	readonly children: Map<string, TrieNode>;
	/** Vocabulary id of the piece ending here, or -1. */
	id: number;
	score: number;
}

function newNode(): TrieNode {
	return { children: new Map(), id: -1, score: 0 };
}

/** Turns text into the vocabulary ids the USE lite graph takes. */
export interface UseTokenizer {
	encode(text: string): number[];
}

/**
 * Builds a linear-time tokenizer producing exactly the ids of the `@energetic-ai/embeddings` (and
 * `@tensorflow-models/universal-sentence-encoder`) Tokenizer, whose prefix search copies the rest of the text at every
 * position and so takes quadratic time.
 */
export function createUseTokenizer(vocabulary: readonly VocabularyEntry[]): UseTokenizer {
	const root = newNode();
	for (let id = RESERVED_SYMBOLS; id < vocabulary.length; id++) {
		const [piece, score] = vocabulary[id]!;
		let node = root;
		for (const symbol of piece) {
			let child = node.children.get(symbol);
			if (child === undefined) {
				child = newNode();
				node.children.set(symbol, child);
			}
			node = child;
		}
		// An empty piece marks nothing, and a duplicate piece keeps the last id, as in the reference.
		if (node !== root) {
			node.id = id;
			node.score = score;
		}
	}
	// The reference steps back by the piece's UTF-16 length although positions count code points.
	const backtrackLength = vocabulary.map(([piece]) => piece.length);

	return {
		encode(text: string): number[] {
			const normalized = text.normalize('NFKC');
			const input = normalized.length > 0 ? SEPARATOR + normalized.replaceAll(' ', SEPARATOR) : normalized;
			const symbols = Array.from(input);
			const size = symbols.length;
			const best = new Float64Array(size + 1);
			const words = new Int32Array(size + 1);

			// Visiting start positions in ascending order relaxes each end position in the order the reference does.
			const relax = (end: number, id: number, score: number, start: number): void => {
				const candidate = score + best[start]!;
				if (best[end] === 0 || candidate >= best[end]!) {
					best[end] = candidate;
					words[end] = id;
				}
			};
			for (let start = 0; start < size; start++) {
				let node = root.children.get(symbols[start]!);
				let matched = false;
				for (let end = start + 1; node !== undefined; end++) {
					if (node.id >= 0) {
						relax(end, node.id, node.score, start);
						matched = true;
					}
					if (end >= size) break;
					node = node.children.get(symbols[end]!);
				}
				if (!matched) relax(start + 1, UNKNOWN_ID, 0, start);
			}

			const ids: number[] = [];
			let previousUnknown = false;
			for (let position = size; position > 0; position -= backtrackLength[words[position]!]!) {
				const id = words[position]!;
				if (!(previousUnknown && id === UNKNOWN_ID)) ids.push(id);
				previousUnknown = id === UNKNOWN_ID;
			}
			return ids.reverse();
		},
	};
}
