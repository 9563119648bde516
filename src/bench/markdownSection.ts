/** The part of BENCHMARKS.md that `npm run bench:rows` writes; `npm run bench` rewrites the rest and keeps it. */
export const ROWS_SECTION_START = '<!-- bench:rows -->';
const ROWS_SECTION_END = '<!-- /bench:rows -->';

function sectionBounds(document: string): [number, number] | undefined {
	const start = document.indexOf(ROWS_SECTION_START);
	const end = document.indexOf(ROWS_SECTION_END);
	return start >= 0 && end > start ? [start, end + ROWS_SECTION_END.length] : undefined;
}

/** Wraps a section's Markdown in its markers. */
export function rowsSection(markdown: string): string {
	return `${ROWS_SECTION_START}\n${markdown}\n${ROWS_SECTION_END}`;
}

/** `document` with its rows section replaced by `section`, or with `section` added at its end. */
export function withRowsSection(document: string, section: string): string {
	const bounds = sectionBounds(document);
	if (bounds === undefined) return `${document.trimEnd()}\n\n${section}\n`;
	return `${document.slice(0, bounds[0])}${section}${document.slice(bounds[1])}`;
}

/** A freshly rendered report with the rows section of the report it replaces, when that had one. */
export function keepRowsSection(previous: string, report: string): string {
	const bounds = sectionBounds(previous);
	return bounds === undefined ? report : withRowsSection(report, previous.slice(...bounds));
}
