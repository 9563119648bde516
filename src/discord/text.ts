import { escapeMarkdown } from 'discord.js';

const ELLIPSIS = '…';
const SENTENCE_END = /[.!?…]["'”’)]*(?:\s*\[\d+\])*(?=\s|$)/g;
const OPEN_MARKER_AT_END = /\s*\[\d*$/;
const MIN_SENTENCE_KEEP = 0.5;

/** Escapes markdown and neutralises mention syntax so untrusted text renders literally. */
export function escapeText(text: string): string {
	return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
		.replaceAll(/^(\s*)(>|-# )/gm, '$1\\$2')
		.replaceAll(/@(everyone|here)/g, '@\u200b$1')
		.replaceAll(/<(@[!&]?|#|\/)/g, '<\u200b$1');
}

/** Collapses whitespace, for text shown on one line. */
export function oneLine(text: string): string {
	return text.replaceAll(/\s+/g, ' ').trim();
}

/**
 * Cuts `text` to at most `max` characters at a sentence boundary (or else a word boundary) and appends "…".
 * Never cuts inside a `[n]` footnote marker or leaves a dangling escape backslash.
 */
export function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	const room = max - ELLIPSIS.length;
	if (room <= 0) return ELLIPSIS.slice(0, max);
	const head = text.slice(0, room);
	let cut = lastSentenceEnd(text, room);
	if (cut < room * MIN_SENTENCE_KEEP) {
		const space = head.search(/\s\S*$/);
		cut = space > 0 ? space : room;
	}
	if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
	let kept = text.slice(0, cut).replace(OPEN_MARKER_AT_END, '').trimEnd();
	const trailingBackslashes = /\\+$/.exec(kept)?.[0].length ?? 0;
	if (trailingBackslashes % 2 === 1) kept = kept.slice(0, -1);
	return `${kept}${ELLIPSIS}`;
}

function lastSentenceEnd(text: string, limit: number): number {
	let end = 0;
	for (const match of text.matchAll(SENTENCE_END)) {
		const matchEnd = match.index + match[0].length;
		if (matchEnd > limit) break;
		end = matchEnd;
	}
	return end;
}

/** Cuts `text` to at most `max` characters from its start, at a word boundary, and prepends "…": for context before a point. */
export function truncateStart(text: string, max: number): string {
	if (text.length <= max) return text;
	const room = max - ELLIPSIS.length;
	if (room <= 0) return ELLIPSIS.slice(0, max);
	let tail = text.slice(text.length - room);
	const space = tail.search(/\s/);
	if (/\s/.test(text.charAt(text.length - room - 1))) tail = tail.trimStart();
	else if (space >= 0 && space < tail.length - 1) tail = tail.slice(space + 1);
	else if (/^[\uDC00-\uDFFF]/.test(tail)) tail = tail.slice(1);
	return `${ELLIPSIS}${tail.trimStart()}`;
}
