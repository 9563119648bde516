import path from 'node:path';
import { csvReader } from './csv.ts';
import { docxReader } from './docx.ts';
import { feedReader } from './feed.ts';
import { htmlReader } from './html.ts';
import { jsonArrayReader } from './jsonArray.ts';
import { jsonLinesReader } from './jsonLines.ts';
import { markdownReader } from './markdown.ts';
import { pdfReader } from './pdf.ts';
import { plainTextReader } from './plainText.ts';
import type { FormatReader } from './types.ts';

export const FORMAT_READERS: readonly FormatReader[] = [
	plainTextReader,
	markdownReader,
	htmlReader,
	pdfReader,
	docxReader,
	jsonLinesReader,
	jsonArrayReader,
	csvReader,
	feedReader,
];

/** Every extension some reader takes, for messages. */
export const SUPPORTED_EXTENSIONS = FORMAT_READERS.flatMap((reader) => reader.extensions);

/** The reader for a file, by its extension, or undefined when no format takes it. */
export function readerFor(file: string): FormatReader | undefined {
	const extension = path.extname(file).toLowerCase();
	return FORMAT_READERS.find((reader) => reader.extensions.includes(extension));
}
