import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import { cleanArticle } from './cleanArticle.ts';
import { CORPUS_CONFIG_FILE, isIncluded, readCorpusConfig, type CorpusConfig } from './corpusConfig.ts';
import { decodeText } from './decodeText.ts';
import { extractMetadata, fallbackTitle, normaliseDate } from './extractMetadata.ts';
import { readerFor, SUPPORTED_EXTENSIONS } from './formats/index.ts';
import type { ArticleFields } from './formats/types.ts';
import { htmlToText } from './htmlToText.ts';
import { markdownToText } from './markdownToText.ts';
import { describedFile, readSourceRecord } from './sourceRecord.ts';
import { collapseSyndicated } from './syndicatedCopies.ts';
import type { Article, CorpusProblem } from './types.ts';

export interface Corpus {
	readonly articles: readonly Article[];
	/** Files, rows and copies that are not indexed, each with its reason. */
	readonly problems: readonly CorpusProblem[];
	/** sha256 of every corpus file read (or `unreadable`), indexed or not: what the index must be rebuilt from. */
	readonly sources: Readonly<Record<string, string>>;
}

export interface LoadOptions {
	/** Overrides `footnote.corpus.json` in the corpus directory. */
	readonly config?: CorpusConfig;
}

export function hashBytes(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file, read as a stream so that a large export is never held whole. */
export async function hashFile(file: string): Promise<string> {
	const hash = createHash('sha256');
	await pipeline(createReadStream(file), hash);
	return hash.digest('hex');
}

/** Stands for the hash of a file that could not be read, so that it stays skipped until it changes. */
export const UNREADABLE_FILE_HASH = 'unreadable';

/**
 * Whether a path inside the corpus directory may hold articles (hidden files and the corpus settings do not); a
 * source record goes with the file it describes.
 */
function isCandidate(entry: string, config: CorpusConfig): boolean {
	if (entry.split('/').some((part) => part.startsWith('.')) || entry === CORPUS_CONFIG_FILE) return false;
	return isIncluded(config, describedFile(entry) ?? entry);
}

/**
 * Corpus-relative paths of the files under `dir`, sorted: every file but hidden ones and the corpus settings, so that
 * a file of an unsupported type is reported rather than silently ignored.
 * @throws AppError('CORPUS_MISSING') when `dir` is not a readable directory.
 */
export async function listCorpusFiles(dir: string, config?: CorpusConfig): Promise<string[]> {
	let entries: string[];
	try {
		if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
		entries = await readdir(dir, { recursive: true });
	} catch (error) {
		throw new AppError('CORPUS_MISSING', `Cannot read the corpus directory ${dir}: ${(error as Error).message}`, {
			cause: error,
		});
	}
	const settings = config ?? (await readCorpusConfig(dir));
	const files: string[] = [];
	for (const entry of entries.map((name) => name.split(path.sep).join('/')).sort()) {
		if (!isCandidate(entry, settings)) continue;
		// A link to nothing is listed, so that reading it reports the file instead of failing the whole corpus.
		const info = await stat(path.join(dir, entry)).catch(() => undefined);
		if (info === undefined || info.isFile()) files.push(entry);
	}
	return files;
}

function normalised(text: string): string {
	return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Cleans what a reader found into an article.
 * @throws Error when no article text is left after removing boilerplate.
 */
export function toArticle(id: string, sha256: string, fields: ArticleFields): Article {
	const cleaned = cleanArticle(fields.text);
	let paragraphs = cleaned.paragraphs;
	// A known title repeated as the first line is dropped; any other first line stays article text.
	if (
		fields.title !== undefined &&
		paragraphs.length > 1 &&
		normalised(paragraphs[0] ?? '') === normalised(fields.title)
	) {
		paragraphs = paragraphs.slice(1);
	}
	const head = extractMetadata(paragraphs, { findTitle: fields.title === undefined });
	if (head.body.length === 0) throw new Error('no article text is left after removing boilerplate');
	const date = (fields.date === undefined ? undefined : normaliseDate(fields.date)) ?? head.date;
	const publisher = fields.publisher ?? cleaned.publisher;
	const title = fields.title ?? head.title ?? fallbackTitle(head.body[0] ?? '', id);
	return {
		file: id,
		sha256,
		title: title.replace(/\s+/gu, ' ').trim(),
		...(publisher ? { publisher } : {}),
		...(date ? { date } : {}),
		...(fields.url ? { url: fields.url } : {}),
		...(fields.authors && fields.authors.length > 0 ? { authors: fields.authors } : {}),
		...(fields.language ? { language: fields.language } : {}),
		text: head.body.join('\n\n'),
	};
}

/**
 * Turns one single-article file's bytes (.txt, .md, .html) into a cleaned article.
 * @throws Error with a reason written for the person who owns the file (empty, binary, no text).
 */
export function parseArticle(file: string, bytes: Buffer): Article {
	const source = decodeText(bytes);
	const extension = path.extname(file).toLowerCase();
	const fields =
		extension === '.html' || extension === '.htm'
			? htmlToText(source)
			: extension === '.md' || extension === '.markdown'
				? markdownToText(source)
				: { text: source };
	return toArticle(file, hashBytes(bytes), fields);
}

/**
 * The addresses that source records give the corpus's single-article files, by file, and why each record that gives
 * none is not used, by record.
 */
async function readSourceRecords(dir: string, files: readonly string[]) {
	const listed = new Set(files);
	const urls = new Map<string, string>();
	const unused = new Map<string, string>();
	for (const record of files) {
		const file = describedFile(record);
		if (file === undefined) continue;
		const reader = listed.has(file) ? readerFor(file) : undefined;
		if (!listed.has(file)) unused.set(record, `${file}, the file it describes, is not in the corpus`);
		else if (reader === undefined) unused.set(record, `${file} is not read, so its source record is not used`);
		else if (reader.multiArticle) {
			unused.set(
				record,
				`a source record gives the address of a file of one article; ${file} holds many, each with its own`,
			);
		} else {
			await readSourceRecord(path.join(dir, record)).then(
				({ url }) => urls.set(file, url),
				(error: Error) => unused.set(record, error.message),
			);
		}
	}
	return { urls, unused };
}

function unsupported(file: string): string {
	const extension = path.extname(file).toLowerCase();
	return `${extension ? `${extension} files are` : 'a file without an extension is'} not read (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`;
}

/**
 * Reads every article under `dir` in every supported format, cleaned. Whatever is not indexed (a file of another type,
 * an unreadable or malformed file, a row without text, a syndicated copy) is listed in `problems` with its reason.
 * @throws AppError('CORPUS_MISSING') when `dir` is not a readable directory.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
	const config = options.config ?? (await readCorpusConfig(dir));
	const articles: Article[] = [];
	const problems: CorpusProblem[] = [];
	const sources: Record<string, string> = {};
	const files = await listCorpusFiles(dir, config);
	const records = await readSourceRecords(dir, files);
	for (const file of files) {
		const full = path.join(dir, file);
		let sha256: string;
		let size: number;
		try {
			size = (await stat(full)).size;
			sha256 = await hashFile(full);
		} catch (error) {
			const reason = `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
			sources[file] = UNREADABLE_FILE_HASH;
			problems.push({ file, reason, sha256: UNREADABLE_FILE_HASH });
			continue;
		}
		sources[file] = sha256;
		if (describedFile(file) !== undefined) {
			const reason = records.unused.get(file);
			if (reason !== undefined) problems.push({ file, reason, sha256 });
			continue;
		}
		const reader = readerFor(file);
		if (reader === undefined) {
			problems.push({ file, reason: unsupported(file), sha256 });
			continue;
		}
		const found = articles.length;
		const ids = new Set<string>();
		try {
			for await (const item of reader.read({ path: full, size, config })) {
				if ('problem' in item) {
					problems.push({ file: `${file} (${item.where})`, reason: item.problem, sha256 });
					continue;
				}
				let id = reader.multiArticle ? `${file}#${item.article.key ?? articles.length - found + 1}` : file;
				// Two rows with one URL or id stay two articles: the later one is told apart by its position.
				if (ids.has(id)) id = `${id}#${articles.length - found + 1}`;
				ids.add(id);
				// What the document states wins over where it was fetched from.
				const recordedUrl = records.urls.get(file);
				const fields = item.article.url || !recordedUrl ? item.article : { ...item.article, url: recordedUrl };
				try {
					articles.push(toArticle(id, item.article.sha256 ?? sha256, fields));
				} catch (error) {
					const label = reader.multiArticle ? `${id}${item.where ? ` (${item.where})` : ''}` : file;
					problems.push({ file: label, reason: (error as Error).message, sha256 });
				}
			}
		} catch (error) {
			articles.splice(found);
			problems.push({ file, reason: (error as Error).message, sha256 });
		}
	}
	// The settings change what the files mean (field mapping, copies): a change to them is a change to the corpus.
	const settings = await hashFile(path.join(dir, CORPUS_CONFIG_FILE)).catch(() => undefined);
	if (settings !== undefined) sources[CORPUS_CONFIG_FILE] = settings;
	if (config.syndicatedCopies === 'keep') return { articles, problems, sources };
	const collapsed = collapseSyndicated(articles);
	return { articles: collapsed.articles, problems: [...problems, ...collapsed.problems], sources };
}
