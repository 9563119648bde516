import { stemmer } from 'stemmer';
import { BASE_FORM } from './irregularForms.ts';

// Function words carry no evidence of topic; dropping them keeps BM25 and sentence overlap on content.
const STOP_WORDS = new Set(
	(
		'a an and are as at be been being but by can could did do does doing for from had has have having he her ' +
		'here hers him his how i if in into is it its itself me my no nor not of on or our ours she should so such ' +
		'than that the their theirs them then there these they this those through to too under until up very was we ' +
		'were what when where which while who whom why will with would you your yours about after again against all ' +
		'am any because before below between both during each few further more most other out over own same some ' +
		'just also say says said saying according tell told many much often ever'
	).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/**
 * Normalises one token for indexing and matching: lower case, apostrophes and dots dropped, irregular forms to their
 * base, stemmed; null for stop words.
 */
export function normaliseTerm(token: string): string | null {
	const lower = token
		.toLowerCase()
		.replace(/['’]s$/u, '')
		.replace(/['’.]/gu, '');
	if (lower.length === 0 || STOP_WORDS.has(lower)) return null;
	const base = BASE_FORM.get(lower) ?? lower;
	return STOP_WORDS.has(base) ? null : stemmer(base);
}

/** Splits text into words the way the lexical index does. */
export function tokenize(text: string): string[] {
	return text.match(WORD) ?? [];
}

/** The content terms of a text, normalised, in order (repeats kept). */
export function contentTerms(text: string): string[] {
	const terms: string[] = [];
	for (const token of tokenize(text)) {
		const term = normaliseTerm(token);
		if (term !== null) terms.push(term);
	}
	return terms;
}
