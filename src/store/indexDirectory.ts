import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { ArticleSummary } from '../corpus/types.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { AppError, isAppError } from '../errors.ts';
import { HnswStore } from './HnswStore.ts';
import { LEXICAL_FILE, LexicalIndex } from './LexicalIndex.ts';
import { incompatibility, MANIFEST_FILE, parseManifest, type Manifest } from './manifest.ts';

/** A loaded, verified index: everything retrieval needs. */
export interface LoadedIndex {
	readonly manifest: Manifest;
	readonly store: HnswStore;
	readonly lexical: LexicalIndex;
	readonly articles: readonly ArticleSummary[];
}

async function exists(file: string): Promise<boolean> {
	return access(file).then(
		() => true,
		() => false,
	);
}

/** Hashes a file as a stream, so that checking a large index never blocks the event loop for long. */
async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** A sibling no build takes this long to write is abandoned, whatever its pid says (pids repeat in containers). */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1_000;

/**
 * `.index.tmp-<host>~<pid>-<random>`: host and pid tell a later ingest whether the process writing it is still alive
 * (a pid means nothing on another host or in another container sharing the directory).
 */
function siblingPath(indexDir: string, kind: 'tmp' | 'old'): string {
	const resolved = path.resolve(indexDir);
	const owner = `${hostname()}~${process.pid}`;
	return path.join(
		path.dirname(resolved),
		`.${path.basename(resolved)}.${kind}-${owner}-${randomBytes(4).toString('hex')}`,
	);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Whether a sibling was left by a process of this host that is gone, or by anyone a day or more ago. */
async function isAbandoned(file: string, owner: string): Promise<boolean> {
	const separator = owner.lastIndexOf('~');
	const pid = Number(owner.slice(separator + 1));
	if (owner.slice(0, separator) === hostname() && Number.isInteger(pid) && !isAlive(pid)) return true;
	const modified = await stat(file).then(
		(info) => info.mtimeMs,
		() => Date.now(),
	);
	return Date.now() - modified > ABANDONED_AFTER_MS;
}

/**
 * Removes what ingests that were killed left beside the index (each can be hundreds of megabytes): drafts, and the
 * previous index of a swap that got past its second rename.
 */
async function removeAbandonedSiblings(indexDir: string): Promise<void> {
	await recoverInterruptedSwap(indexDir);
	const parent = path.dirname(indexDir);
	const sibling = new RegExp(`^\\.${escapeRegExp(path.basename(indexDir))}\\.(?:tmp|old)-(.+)-[0-9a-f]{8}$`, 'u');
	for (const name of await readdir(parent).catch(() => [] as string[])) {
		const owner = sibling.exec(name)?.[1];
		if (owner !== undefined && (await isAbandoned(path.join(parent, name), owner))) {
			await rm(path.join(parent, name), { recursive: true, force: true });
		}
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A crash between the two renames of a swap leaves the previous index beside the slot; put it back. */
async function recoverInterruptedSwap(indexDir: string): Promise<void> {
	const resolved = path.resolve(indexDir);
	if (await exists(resolved)) return;
	const parent = path.dirname(resolved);
	const prefix = `.${path.basename(resolved)}.old-`;
	const leftover = (await readdir(parent).catch(() => [] as string[])).find((name) => name.startsWith(prefix));
	if (leftover) await rename(path.join(parent, leftover), resolved);
}

/** The articles an index covers, in corpus order, from its manifest. */
export function articlesOf(manifest: Manifest): ArticleSummary[] {
	return Object.entries(manifest.files)
		.sort(([, a], [, b]) => a.firstPassage - b.firstPassage)
		.map(([file, entry]) => ({
			file,
			title: entry.title,
			...(entry.publisher === undefined ? {} : { publisher: entry.publisher }),
			...(entry.date === undefined ? {} : { date: entry.date }),
			...(entry.url === undefined ? {} : { url: entry.url }),
			...(entry.authors === undefined ? {} : { authors: entry.authors }),
			...(entry.language === undefined ? {} : { language: entry.language }),
			...(entry.alsoIn === undefined ? {} : { alsoIn: entry.alsoIn }),
			passageCount: entry.passageCount,
		}));
}

/**
 * An index being written: its files go into a temporary sibling directory, which {@link commit} checksums and renames
 * into place, so readers see the old index or the new one, never a half-written one.
 */
export class IndexDraft {
	private constructor(
		private readonly indexDir: string,
		/** Where the files go until the commit. */
		public readonly dir: string,
	) {}

	public static async create(indexDir: string): Promise<IndexDraft> {
		const resolved = path.resolve(indexDir);
		await mkdir(path.dirname(resolved), { recursive: true });
		await removeAbandonedSiblings(resolved);
		const temporary = siblingPath(resolved, 'tmp');
		await mkdir(temporary);
		return new IndexDraft(resolved, temporary);
	}

	/** Checksums every file written, adds the manifest and swaps the directory into place; the draft is then gone. */
	public async commit(draft: Omit<Manifest, 'checksums'>): Promise<Manifest> {
		const checksums: Record<string, string> = {};
		for (const name of (await readdir(this.dir)).sort()) checksums[name] = await sha256(path.join(this.dir, name));
		const manifest: Manifest = { ...draft, checksums };
		await writeFile(path.join(this.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, '\t')}\n`);
		await recoverInterruptedSwap(this.indexDir);
		if (await exists(this.indexDir)) {
			const previous = siblingPath(this.indexDir, 'old');
			await rename(this.indexDir, previous);
			await rename(this.dir, this.indexDir);
			await rm(previous, { recursive: true, force: true });
		} else {
			await rename(this.dir, this.indexDir);
		}
		return manifest;
	}

	/** Removes what was written; the index in place is untouched. */
	public async discard(): Promise<void> {
		await rm(this.dir, { recursive: true, force: true });
	}
}

/**
 * Reads the manifest alone, to decide whether an index can be reused.
 * @throws AppError('INDEX_MISSING' | 'INDEX_CORRUPT')
 */
export async function readManifest(indexDir: string): Promise<Manifest> {
	await recoverInterruptedSwap(indexDir);
	const file = path.join(indexDir, MANIFEST_FILE);
	let json: string;
	try {
		json = await readFile(file, 'utf8');
	} catch (error) {
		const missing = !(await exists(indexDir));
		throw new AppError(
			missing ? 'INDEX_MISSING' : 'INDEX_CORRUPT',
			missing ? `There is no index in ${indexDir}.` : `${file} is missing or unreadable.`,
			{ cause: error },
		);
	}
	return parseManifest(json, file);
}

/** The part of an index that ingest reuses: its manifest and its vectors. */
export type StoredVectors = Pick<LoadedIndex, 'manifest' | 'store'>;

/** The command that fixes a damaged or incompatible index, as it ends their errors. */
export const REBUILD_HINT = ' Run npm run ingest to rebuild the index.';

/** Adds the command that fixes a damaged index to its error. */
function withFix<T>(work: Promise<T>): Promise<T> {
	return work.catch((error: unknown) => {
		if (isAppError(error, 'INDEX_CORRUPT')) error.message = `${error.message}${REBUILD_HINT}`;
		throw error;
	});
}

/**
 * Loads and verifies the manifest and vector store of an index built for `embeddings`, without its lexical index.
 * @throws AppError('INDEX_MISSING' | 'INDEX_CORRUPT' | 'INDEX_INCOMPATIBLE') with the command that fixes it.
 */
export async function readStoredVectors(indexDir: string, embeddings: EmbeddingModel): Promise<StoredVectors> {
	const manifest = await readManifest(indexDir);
	const mismatch = incompatibility(manifest, { id: embeddings.modelId, dimensions: embeddings.dimensions });
	if (mismatch) {
		throw new AppError('INDEX_INCOMPATIBLE', `The index in ${indexDir} was built with ${mismatch}.${REBUILD_HINT}`);
	}
	return withFix(
		(async () => {
			for (const [name, expected] of Object.entries(manifest.checksums)) {
				const actual = await sha256(path.join(indexDir, name)).catch(() => 'unreadable');
				if (actual !== expected) {
					throw new AppError('INDEX_CORRUPT', `${name} in ${indexDir} does not match its checksum.`);
				}
			}
			const store = await HnswStore.load(indexDir, embeddings);
			if (store.size !== manifest.passageCount) {
				throw new AppError(
					'INDEX_CORRUPT',
					`The store holds ${store.size} passages; the manifest says ${manifest.passageCount}.`,
				);
			}
			return { manifest, store };
		})(),
	);
}

/**
 * Completes stored vectors, checked by {@link readStoredVectors}, into a servable index.
 * @throws AppError('INDEX_CORRUPT') when the lexical index does not match the passages.
 */
export async function completeIndex(indexDir: string, { manifest, store }: StoredVectors): Promise<LoadedIndex> {
	const json = await readFile(path.join(indexDir, LEXICAL_FILE), 'utf8');
	const lexical = await withFix(LexicalIndex.deserialize(json, store.passages));
	return { manifest, store, lexical, articles: articlesOf(manifest) };
}

/**
 * Loads and verifies an index built for `embeddings`.
 * @throws AppError('INDEX_MISSING' | 'INDEX_CORRUPT' | 'INDEX_INCOMPATIBLE') with the command that fixes it.
 */
export async function readIndex(indexDir: string, embeddings: EmbeddingModel): Promise<LoadedIndex> {
	return completeIndex(indexDir, await readStoredVectors(indexDir, embeddings));
}
