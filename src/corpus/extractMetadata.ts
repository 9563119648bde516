export interface ArticleHead {
	readonly title?: string;
	readonly date?: string;
	readonly body: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// After the year a date line may give a time and a zone ("10:30 a.m. EST", ", Updated 3:15 PM ET"), not a sentence:
// "March 1, 1889, a further treaty was negotiated…" is article text.
const MONTH_DATE =
	/^(?:(?:published|updated|posted)[:\s]+)?(?:[A-Z][a-z]+day,?\s+)?([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b[\w\s:.,]{0,30}$/u;
const ISO_DATE = /^(?:(?:published|updated|posted)[:\s]+)?(\d{4})-(\d{2})-(\d{2})(?:[T\s][\d:.+-Z]*)?$/iu;
const MAX_TITLE_LENGTH = 200;
/** How far into the article a date line or headline may stand. */
const HEAD_PARAGRAPHS = 5;

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

/** Reads a date line such as "November 9, 2017" or "2017-11-09" as ISO YYYY-MM-DD. */
export function parseDateLine(line: string): string | undefined {
	const iso = ISO_DATE.exec(line.trim());
	if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
	const named = MONTH_DATE.exec(line.trim());
	if (!named?.[1]) return undefined;
	const month = MONTHS.indexOf(named[1].slice(0, 3).toLowerCase()) + 1;
	const day = Number(named[2]);
	if (month === 0 || day < 1 || day > 31) return undefined;
	return `${named[3]}-${pad(month)}-${pad(day)}`;
}

function looksLikeHeadline(paragraph: string): boolean {
	return paragraph.length <= MAX_TITLE_LENGTH && !/[.!?:;,"”’)]$/u.test(paragraph);
}

/** Reads any date a source states (ISO, "May 2, 2024", RFC 822 as feeds write it) as ISO YYYY-MM-DD. */
export function normaliseDate(value: string): string | undefined {
	const stated = parseDateLine(value) ?? /^(\d{4})-(\d{2})-(\d{2})/u.exec(value.trim())?.slice(1, 4).join('-');
	if (stated !== undefined) return stated;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}

/**
 * Takes the headline (unless the source already named it: `findTitle` false) and date line off the head of a cleaned
 * article; the rest is its body.
 */
export function extractMetadata(paragraphs: readonly string[], { findTitle = true } = {}): ArticleHead {
	const body = [...paragraphs];
	let title: string | undefined;
	if (
		findTitle &&
		body.length > 1 &&
		body[0] !== undefined &&
		looksLikeHeadline(body[0]) &&
		parseDateLine(body[0]) === undefined
	) {
		title = body.shift();
	}
	let date: string | undefined;
	const dateIndex = body.slice(0, HEAD_PARAGRAPHS).findIndex((paragraph) => parseDateLine(paragraph) !== undefined);
	if (dateIndex >= 0) {
		date = parseDateLine(body[dateIndex] ?? '');
		body.splice(dateIndex, 1);
	}
	return { ...(title === undefined ? {} : { title }), ...(date === undefined ? {} : { date }), body };
}

const FALLBACK_TITLE_LENGTH = 90;

/** A title for an article that prints none: its first sentence, cut at a word boundary. */
export function fallbackTitle(firstParagraph: string, file: string): string {
	const sentence = /^(.+?[.!?])(?:\s|$)/u.exec(firstParagraph)?.[1] ?? firstParagraph;
	if (sentence.length === 0) return file;
	if (sentence.length <= FALLBACK_TITLE_LENGTH) return sentence.replace(/[.!?]$/u, '');
	const cut = sentence.slice(0, FALLBACK_TITLE_LENGTH);
	return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[\s,;:—–-]+$/u, '')}…`;
}
