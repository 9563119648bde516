import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readerFor, SUPPORTED_EXTENSIONS } from '../corpus/formats/index.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { sourceRecordFor, sourceRecordText } from '../corpus/sourceRecord.ts';
import type { Article, ArticleSummary } from '../corpus/types.ts';
import type { Engine, IngestSummary } from './Engine.ts';

/** A document a member wants in the corpus: a fetched page or an uploaded file. */
export interface NewDocument {
	/** A file name whose extension says the format (`story.html`); the name it is saved under is generated. */
	readonly name: string;
	readonly bytes: Buffer;
	/**
	 * The address it was fetched from, when it was fetched: saved beside it as a source record, and its URL when it
	 * states none itself.
	 */
	readonly from?: string;
}

export type AddResult =
	| {
			readonly kind: 'added';
			/** Where it was saved, relative to the corpus directory. */
			readonly file: string;
			readonly articles: readonly ArticleSummary[];
			readonly seconds: number;
	  }
	| { readonly kind: 'refused'; readonly reason: string };

/** Added documents go here inside the corpus directory, so that they stay apart from the team's own files. */
export const ADDED_DIR = 'added';
const MAX_SLUG = 60;

export interface AddDeps {
	readonly corpusDir: string;
	/** The engine serving now: its articles and passages, to spot a document that is already indexed. */
	readonly current: () => Pick<Engine, 'sources' | 'passage'>;
	readonly reindex: () => Promise<IngestSummary>;
}

/** Why the corpus cannot take a file of this name, by its extension, or undefined when it can. */
export function unreadableType(name: string): string | undefined {
	const extension = path.extname(name).toLowerCase();
	if (SUPPORTED_EXTENSIONS.includes(extension)) return undefined;
	const type = extension === '' ? 'a file without an extension' : `${extension} files`;
	const known = `${SUPPORTED_EXTENSIONS.slice(0, -1).join(', ')} and ${SUPPORTED_EXTENSIONS.at(-1)}`;
	return `${type} cannot be read; the corpus takes ${known}`;
}

function normalisedText(text: string): string {
	return text.replace(/\s+/gu, ' ').trim();
}

function normalisedUrl(url: string): string {
	return url.replace(/#.*$/u, '').replace(/\/+$/u, '').toLowerCase();
}

/** An indexed article's text as its passages hold it, for comparison: whitespace between them does not count. */
function indexedText(engine: Pick<Engine, 'passage'>, article: ArticleSummary): string {
	return normalisedText(
		Array.from(
			{ length: article.passageCount },
			(_, i) => engine.passage(`${article.file}#${i}`)?.passage.text ?? '',
		).join(' '),
	);
}

/** The indexed article `article` repeats (same URL, or the same text), if any. */
function indexedCopy(engine: Pick<Engine, 'sources' | 'passage'>, article: Article): ArticleSummary | undefined {
	const text = normalisedText(article.text);
	const url = article.url === undefined ? undefined : normalisedUrl(article.url);
	return engine.sources().find((indexed) => {
		if (url !== undefined && indexed.url !== undefined && normalisedUrl(indexed.url) === url) return true;
		const first = normalisedText(engine.passage(`${indexed.file}#0`)?.passage.text ?? '');
		return first !== '' && text.startsWith(first) && indexedText(engine, indexed) === text;
	});
}

/** A file name made from the article, never from what the user typed: date, title words, a content hash. */
function generatedName(article: Article, bytes: Buffer, extension: string): string {
	const slug = article.title
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[^a-z0-9]+/gu, '-')
		.replace(/^-+|-+$/gu, '')
		.slice(0, MAX_SLUG)
		.replace(/-+$/u, '');
	const day = article.date?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
	const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
	return `${ADDED_DIR}/${[day, slug || 'article', hash].join('-')}${extension}`;
}

/**
 * The files a document is saved as, by name: the document, then the record of the address it was fetched from when
 * it holds one article (the rows of a fetched feed or export have addresses of their own).
 */
function filesFor(name: string, document: NewDocument): [string, Buffer][] {
	const files: [string, Buffer][] = [[name, document.bytes]];
	if (document.from !== undefined && readerFor(name)?.multiArticle === false) {
		files.push([sourceRecordFor(name), Buffer.from(sourceRecordText({ url: document.from }))]);
	}
	return files;
}

/** Reads the document as ingest would, from a directory of its own, so that nothing is written to the corpus yet. */
async function readAsCorpus(files: readonly [string, Buffer][]) {
	const dir = await mkdtemp(path.join(tmpdir(), 'footnote-add-'));
	try {
		for (const [name, bytes] of files) await writeFile(path.join(dir, name), bytes);
		return await loadCorpus(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Takes a saved document and its source record out of the corpus again, and the added/ folder when left empty. */
async function removeSaved(target: string): Promise<void> {
	await rm(target, { force: true });
	await rm(sourceRecordFor(target), { force: true });
	await rmdir(path.dirname(target)).catch(() => undefined);
}

/**
 * Saves the files into the corpus directory, the record before the document, so that the document is never read
 * without it; each is written under a hidden name, which ingest skips, then renamed: never read half-written.
 */
async function save(corpusDir: string, files: readonly [string, Buffer][]): Promise<void> {
	const target = path.join(corpusDir, files[0]?.[0] ?? '');
	await mkdir(path.dirname(target), { recursive: true });
	try {
		for (const [name, bytes] of [...files].reverse()) {
			const partial = path.join(path.dirname(target), `.${randomBytes(6).toString('hex')}.partial`);
			await writeFile(partial, bytes, { flag: 'wx' });
			await rename(partial, path.join(corpusDir, name));
		}
	} catch (error) {
		await removeSaved(target);
		throw error;
	}
}

async function exists(file: string): Promise<boolean> {
	return access(file).then(
		() => true,
		() => false,
	);
}

/**
 * Adds a document to the corpus and indexes it incrementally (only its own passages are embedded). It is read as
 * ingest reads it before anything is written; a document of a type the corpus does not read, one with no article
 * text, or one that repeats an indexed article is refused with the reason and leaves the corpus as it was.
 * @throws what the rebuild throws, after removing the saved file.
 */
export async function addDocument(deps: AddDeps, document: NewDocument): Promise<AddResult> {
	const unreadable = unreadableType(document.name);
	if (unreadable !== undefined) return { kind: 'refused', reason: unreadable };
	const extension = path.extname(document.name).toLowerCase();
	const { articles, problems } = await readAsCorpus(filesFor(`document${extension}`, document));
	const [first] = articles;
	if (first === undefined) {
		const reason = problems[0]?.reason ?? 'it holds no article';
		return { kind: 'refused', reason: reason.replace(/^the file /u, 'it ') };
	}
	const engine = deps.current();
	const copies = articles.map((article) => indexedCopy(engine, article));
	if (copies.every((copy) => copy !== undefined)) {
		const [copy] = copies;
		return { kind: 'refused', reason: `it is already in the index as “${copy?.title}” (${copy?.file})` };
	}

	const file = generatedName(first, document.bytes, extension);
	const target = path.join(deps.corpusDir, file);
	if (await exists(target)) return { kind: 'refused', reason: `the same file is already in the corpus as ${file}` };
	await save(deps.corpusDir, filesFor(file, document));

	let summary: IngestSummary;
	try {
		summary = await deps.reindex();
	} catch (error) {
		await removeSaved(target);
		throw error;
	}
	const indexed = deps
		.current()
		.sources()
		.filter((article) => article.file === file || article.file.startsWith(`${file}#`));
	if (indexed.length === 0) {
		// Ingest folded it into an article it repeats (a syndicated copy): take it out again.
		await removeSaved(target);
		await deps.reindex();
		return { kind: 'refused', reason: 'it repeats an article already in the index' };
	}
	return { kind: 'added', file, articles: indexed, seconds: summary.seconds };
}
