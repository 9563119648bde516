import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { readWhole } from './readWhole.ts';
import type { FormatReader } from './types.ts';

/** A line shorter than this share of the page's longest line, ending a sentence, ends its paragraph. */
const SHORT_LINE_RATIO = 0.8;

/** Joins a page's soft-wrapped lines into paragraphs (PDF text has a line break wherever the layout wrapped it). */
export function pageParagraphs(page: string): string[] {
	const lines = page
		.split('\n')
		.map((line) => line.replace(/\s+/gu, ' ').trim())
		.filter((line) => line.length > 0);
	const longest = Math.max(0, ...lines.map((line) => line.length));
	const paragraphs: string[] = [];
	let current = '';
	for (const line of lines) {
		current =
			current.endsWith('-') && /^\p{Ll}/u.test(line) ? current.slice(0, -1) + line : `${current} ${line}`.trim();
		if (/[.!?:"”’]$/u.test(line) && line.length < longest * SHORT_LINE_RATIO) {
			paragraphs.push(current);
			current = '';
		}
	}
	if (current) paragraphs.push(current);
	return paragraphs;
}

function pdfProblem(error: unknown): Error {
	const name = (error as Error).name;
	if (name === 'PasswordException') return new Error('the PDF is password-protected; save an unprotected copy');
	if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
		return new Error(`the PDF is damaged or truncated (${(error as Error).message})`);
	}
	return new Error(`the PDF cannot be read (${(error as Error).message})`);
}

/** `.pdf`: its text in reading order (PDF.js), with the document's title and author as metadata. */
export const pdfReader: FormatReader = {
	extensions: ['.pdf'],
	multiArticle: false,
	async *read(source) {
		const bytes = await readWhole(source);
		let pages: string[];
		let info: Record<string, unknown>;
		try {
			// Verbosity 0: PDF.js would print its warnings about odd but readable files to the console.
			const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
			info = (await getMeta(document)).info as Record<string, unknown>;
			pages = (await extractText(document, { mergePages: false })).text;
			await document.destroy();
		} catch (error) {
			throw pdfProblem(error);
		}
		const text = pages.flatMap(pageParagraphs).join('\n');
		if (text.trim().length === 0) throw new Error('the PDF holds no text (a scan needs OCR first)');
		const field = (key: string): string | undefined =>
			typeof info[key] === 'string' && info[key].trim() ? info[key].trim() : undefined;
		const title = field('Title');
		const author = field('Author');
		yield { article: { text, ...(title ? { title } : {}), ...(author ? { authors: [author] } : {}) } };
	},
};
