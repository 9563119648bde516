import { contentTerms, normaliseTerm, tokenize } from '../text/terms.ts';

/** Written numbers, with thousands separators dropped: "20,000" and "20000" are one number. */
const NUMBER = /\d[\d,]*(?:\.\d+)?/gu;
/** Negations are stop words to the index, but a summary that adds one says the opposite of its source. */
const NEGATIONS = new Set(['not', 'no', 'nor']);

function numbers(text: string): string[] {
	return (text.match(NUMBER) ?? []).map((number) => number.replace(/,/gu, ''));
}

/** Content terms as the index normalises them; "%" read as "percent". */
function terms(text: string): string[] {
	return contentTerms(text.replace(/%/gu, ' percent'));
}

function negations(text: string): string[] {
	return tokenize(text)
		.map((token) => token.toLowerCase())
		.filter((token) => NEGATIONS.has(token));
}

/**
 * The words of a sentence that the sentences it cites do not back: names, dates, content words and negations compared
 * as the index normalises terms (so "pressed" is backed by "presses"), then numbers. Empty when every one is backed.
 */
export function unsupportedWords(sentence: string, cited: readonly string[]): string[] {
	const source = cited.join(' ');
	const backed = new Set([...terms(source), ...numbers(source), ...negations(source)]);
	const missing = new Set<string>();
	for (const token of tokenize(sentence.replace(/%/gu, ' percent'))) {
		const lower = token.toLowerCase();
		const key = NEGATIONS.has(lower) ? lower : normaliseTerm(token);
		if (key !== null && !/^[\d.,]+$/u.test(key) && !backed.has(key)) missing.add(token);
	}
	for (const [index, number] of numbers(sentence).entries()) {
		if (!backed.has(number)) missing.add(sentence.match(NUMBER)![index]!);
	}
	return [...missing];
}

/** A summary sentence split into its text and the ids of its `[id]` markers (also `[1, 2]` and `[1][2]`). */
export function splitMarkers(sentence: string): { readonly text: string; readonly ids: readonly number[] } {
	const ids: number[] = [];
	const text = sentence
		.replace(/\[(\d+(?:\s*,\s*\d+)*)\]/gu, (_, list: string) => {
			for (const id of list.split(',')) ids.push(Number(id.trim()));
			return '';
		})
		.replace(/\s+([.,;:!?])/gu, '$1')
		.replace(/\s+/gu, ' ')
		.trim();
	return { text, ids: [...new Set(ids)] };
}
