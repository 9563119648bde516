import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { cleanArticle } from './cleanArticle.ts';
import { extractMetadata, fallbackTitle, parseDateLine } from './extractMetadata.ts';
import { htmlToText } from './htmlToText.ts';
import { markdownToText } from './markdownToText.ts';
import type { Article, CorpusProblem } from './types.ts';

/** Every extension the corpus reads. */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['.txt', '.md', '.html', '.htm'];
/** Above this share of control characters a file is binary, whatever its name says. */
const MAX_CONTROL_CHAR_RATIO = 0.01;

export interface Corpus {
	readonly articles: readonly Article[];
	readonly problems: readonly CorpusProblem[];
}

export function hashBytes(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Stands for the hash of a file that could not be read, so that it stays skipped until it changes. */
export const UNREADABLE_FILE_HASH = 'unreadable';

/** Whether a path inside the corpus directory is an article file (hidden files and other types are not). */
function isCorpusFile(entry: string): boolean {
	if (entry.split('/').some((part) => part.startsWith('.'))) return false;
	return SUPPORTED_EXTENSIONS.includes(path.extname(entry).toLowerCase());
}

/** Corpus-relative paths of the article files under `dir`, sorted. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
	let entries: string[];
	try {
		if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
		entries = await readdir(dir, { recursive: true });
	} catch (error) {
		throw new AppError('CORPUS_MISSING', `Cannot read the corpus directory ${dir}: ${(error as Error).message}`, {
			cause: error,
		});
	}
	const files: string[] = [];
	for (const entry of entries.map((name) => name.split(path.sep).join('/')).sort()) {
		if (!isCorpusFile(entry)) continue;
		// A link to nothing is listed, so that reading it reports the file instead of failing the whole corpus.
		const info = await stat(path.join(dir, entry)).catch(() => undefined);
		if (info === undefined || info.isFile()) files.push(entry);
	}
	return files;
}

function decode(bytes: Buffer): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
	return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}

function looksBinary(text: string): boolean {
	if (text.includes('\u0000')) return true;
	const control = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/gu)?.length ?? 0;
	return control / text.length > MAX_CONTROL_CHAR_RATIO;
}

interface Extracted {
	readonly text: string;
	readonly title?: string;
	readonly publisher?: string;
	readonly date?: string;
	readonly url?: string;
	readonly authors?: readonly string[];
}

function extract(file: string, source: string): Extracted {
	const extension = path.extname(file).toLowerCase();
	if (extension === '.html' || extension === '.htm') return htmlToText(source);
	if (extension === '.md') return markdownToText(source);
	return { text: source };
}

/**
 * Turns one file's bytes into a cleaned article.
 * @throws Error with a reason written for the person who owns the file (empty, binary, not UTF-8, no text).
 */
export function parseArticle(file: string, bytes: Buffer): Article {
	if (bytes.length === 0) throw new Error('the file is empty');
	const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
	if (!utf16 && bytes.includes(0)) throw new Error('the file looks binary, not text');
	let source: string;
	try {
		source = decode(bytes);
	} catch {
		throw new Error('the file is not valid UTF-8 text');
	}
	if (looksBinary(source)) throw new Error('the file looks binary, not text');
	const extracted = extract(file, source);
	const cleaned = cleanArticle(extracted.text);
	const head = extractMetadata(cleaned.paragraphs);
	if (head.body.length === 0) throw new Error('no article text is left after removing boilerplate');
	const date = extracted.date ? (parseDateLine(extracted.date) ?? extracted.date) : head.date;
	const publisher = extracted.publisher ?? cleaned.publisher;
	return {
		file,
		sha256: hashBytes(bytes),
		title: extracted.title ?? head.title ?? fallbackTitle(head.body[0] ?? '', file),
		...(publisher ? { publisher } : {}),
		...(date ? { date } : {}),
		...(extracted.url ? { url: extracted.url } : {}),
		...(extracted.authors ? { authors: extracted.authors } : {}),
		text: head.body.join('\n\n'),
	};
}

/**
 * Reads every article under `dir` (.txt, .md, .html), cleaned; unreadable files are reported by name and skipped;
 * files of other types are ignored.
 * @throws AppError('CORPUS_MISSING') when `dir` is not a readable directory.
 */
export async function loadCorpus(dir: string): Promise<Corpus> {
	const articles: Article[] = [];
	const problems: CorpusProblem[] = [];
	for (const entry of await listCorpusFiles(dir)) {
		let bytes: Buffer;
		try {
			bytes = await readFile(path.join(dir, entry));
		} catch (error) {
			const reason = `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
			problems.push({ file: entry, reason, sha256: UNREADABLE_FILE_HASH });
			continue;
		}
		try {
			articles.push(parseArticle(entry, bytes));
		} catch (error) {
			problems.push({ file: entry, reason: (error as Error).message, sha256: hashBytes(bytes) });
		}
	}
	return { articles, problems };
}
