import { splitSentences, type SentenceSpan } from './splitSentences.ts';
import type { Passage } from './types.ts';

/** Passages grow by whole sentences up to about this many characters… */
export const TARGET_PASSAGE_CHARS = 1_100;
/** …end early at a paragraph break once they hold this many… */
export const MIN_PASSAGE_CHARS = 600;
/** …and never exceed this, unless one sentence alone is longer. */
export const MAX_PASSAGE_CHARS = 1_500;

interface Sentence extends SentenceSpan {
	readonly paragraph: number;
	readonly heading: boolean;
}

function sentencesOf(text: string): Sentence[] {
	const breaks: number[] = [];
	for (const match of text.matchAll(/\n\s*\n/gu)) breaks.push(match.index);
	const breakSet = new Set(breaks);
	let paragraph = 0;
	return splitSentences(text).map((span) => {
		while ((breaks[paragraph] ?? Infinity) < span.start) paragraph++;
		const line = text.slice(span.start, span.end);
		const endsParagraph = breakSet.has(span.end) || span.end === text.length;
		const startsParagraph = span.start === 0 || /\n\s*$/u.test(text.slice(Math.max(0, span.start - 2), span.start));
		return { ...span, paragraph, heading: startsParagraph && endsParagraph && !/[.!?"”’)]$/u.test(line) };
	});
}

/**
 * Splits an article's cleaned text into passages of whole sentences with exact offsets:
 * `text.slice(passage.start, passage.end) === passage.text` always holds.
 */
export function chunkArticle(file: string, text: string): Passage[] {
	const passages: Passage[] = [];
	let group: Sentence[] = [];
	const flush = (): void => {
		const first = group[0];
		const last = group.at(-1);
		if (!first || !last) return;
		const ordinal = passages.length;
		passages.push({
			id: `${file}#${ordinal}`,
			file,
			ordinal,
			start: first.start,
			end: last.end,
			text: text.slice(first.start, last.end),
			sentences: group.map((sentence) => [sentence.start, sentence.end] as const),
		});
		group = [];
	};
	for (const sentence of sentencesOf(text)) {
		const first = group[0];
		const last = group.at(-1);
		if (first && last && !last.heading) {
			const length = sentence.end - first.start;
			const newParagraph = sentence.paragraph !== last.paragraph;
			const full = last.end - first.start >= MIN_PASSAGE_CHARS;
			if (length > MAX_PASSAGE_CHARS || (newParagraph && full) || (length > TARGET_PASSAGE_CHARS && full)) flush();
		}
		group.push(sentence);
	}
	flush();
	return passages;
}
