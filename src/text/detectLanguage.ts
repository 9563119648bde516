import { franc } from 'franc-min';
import { normaliseTerm, tokenize } from './terms.ts';

/** Languages a question is told apart from English by; franc's full list misreads short English questions. */
const CANDIDATES = [
	'eng',
	'spa',
	'fra',
	'deu',
	'ita',
	'por',
	'nld',
	'swe',
	'pol',
	'tur',
	'ind',
	'vie',
	'rus',
	'ukr',
	'cmn',
	'jpn',
	'kor',
	'arb',
	'hin',
];

/** Words that only an English sentence holds; "was", "in", "is" and "a" are words of other languages too. */
const ENGLISH_WORDS = new Set(
	(
		'what who whom whose when where why how which did does do the of and to on for with about has have had will ' +
		'would can could should been said say tell it this that there any many much were are from after before their'
	).split(' '),
);

const LATIN_LETTER = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/**
 * Whether a question can be read by an English model. Short questions defeat trigram language models, so a
 * question counts as English unless its letters are mostly of another script, or it holds no English function word,
 * most of its ordinary (lower-case) words are unknown to the corpus, and franc names another language.
 */
export function isEnglish(question: string, known: (term: string) => boolean): boolean {
	const letters = [...question].filter((char) => LETTER.test(char));
	const latin = letters.filter((char) => LATIN_LETTER.test(char)).length;
	if (letters.length > 0 && latin < letters.length / 2) return false;
	const words = tokenize(question);
	if (words.some((word) => ENGLISH_WORDS.has(word.toLowerCase()))) return true;
	const ordinary = words.filter((word, i) => i > 0 && /^\p{Ll}/u.test(word));
	if (ordinary.length < 2) return true;
	const unknown = ordinary.filter((word) => {
		const term = normaliseTerm(word);
		return term !== null && !known(term);
	}).length;
	if (unknown < ordinary.length / 2) return true;
	const language = franc(question, { only: CANDIDATES, minLength: 3 });
	return language === 'eng' || language === 'und';
}
