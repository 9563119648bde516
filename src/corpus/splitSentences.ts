/** A sentence as [start, end) offsets into the text it came from, trimmed of surrounding white space. */
export interface SentenceSpan {
	readonly start: number;
	readonly end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// ICU breaks after any "word. Capital"; these are the cases in news prose where that is not a sentence end.
const ABBREVIATIONS = new Set(
	(
		'mr mrs ms dr prof gen sen rep gov lt col capt sgt cmdr adm maj st mt ft jr sr inc corp co ltd no vs etc ' +
		'jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u d.c a.m p.m'
	).split(' '),
);

function endsWithAbbreviation(segment: string): boolean {
	const match = /(?:^|[\s(“"'])((?:[A-Za-z]\.)*[A-Za-z]+)\.\s*$/u.exec(segment);
	if (!match?.[1]) return false;
	const word = match[1];
	// A lone capital letter is an initial ("John F. Kennedy").
	return ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/u.test(word);
}

/** Splits text into sentences (ICU rules, corrected for common abbreviations and initials); every line break ends a sentence. */
export function splitSentences(text: string): SentenceSpan[] {
	const spans: SentenceSpan[] = [];
	let pendingStart = -1;
	for (const { segment, index } of segmenter.segment(text)) {
		if (pendingStart < 0) pendingStart = index;
		const lineBreak = /\n\s*$/u.test(segment);
		if (!lineBreak && endsWithAbbreviation(segment) && index + segment.length < text.length) continue;
		pushTrimmed(spans, text, pendingStart, index + segment.length);
		pendingStart = -1;
	}
	if (pendingStart >= 0) pushTrimmed(spans, text, pendingStart, text.length);
	return spans;
}

function pushTrimmed(spans: SentenceSpan[], text: string, start: number, end: number): void {
	while (start < end && /\s/u.test(text[start] ?? '')) start++;
	while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
	if (end > start) spans.push({ start, end });
}
