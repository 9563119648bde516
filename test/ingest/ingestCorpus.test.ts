import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, readdir, readFile, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { isIndexFresh } from '../../src/ingest/isIndexFresh.ts';
import { HnswStore } from '../../src/store/HnswStore.ts';
import { readIndex } from '../../src/store/indexDirectory.ts';
import { FORMAT_VERSION, MANIFEST_FILE, parseManifest } from '../../src/store/manifest.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();
const SUMMIT = '000_6be32923d2a58d10.txt';
const BLOOMBERG = '004_53ff372b4b2535ec.txt';

async function setup() {
	const corpusDir = await dirs.copySeeds();
	const indexDir = path.join(await dirs.make(), 'index');
	const embeddings = new KeywordEmbeddings();
	const ingest = (model = embeddings) => ingestCorpus({ corpusDir, indexDir, embeddings: model, logger: silentLogger });
	return { corpusDir, indexDir, embeddings, ingest };
}

/** Every stored sentence vector is its own sentence's embedding (normalised, as cosine space stores it). */
function expectVectorsInPlace(store: HnswStore, embeddings: KeywordEmbeddings): void {
	const unit = (vector: number[]) => vector.map((value) => value / Math.hypot(...vector));
	store.passages.forEach((passage, label) => {
		const texts = passage.sentences.map(([start, end]) =>
			passage.text.slice(start - passage.start, end - passage.start),
		);
		store.passageVectors(label).forEach((vector, i) => {
			unit(embeddings.embed(texts[i] ?? '')).forEach((value, d) => expect(vector[d]).toBeCloseTo(value, 5));
		});
	});
}

describe('ingestCorpus', () => {
	it('writes a versioned manifest with model, dimensions, file hashes and counts', async () => {
		const { indexDir, ingest } = await setup();
		const result = await ingest();
		const manifest = parseManifest(await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8'), 'manifest');
		expect(manifest.formatVersion).toBe(FORMAT_VERSION);
		expect(manifest.model).toEqual({ id: 'keyword-test-model', dimensions: 64 });
		expect(Object.keys(manifest.files)).toEqual([SUMMIT, BLOOMBERG]);
		expect(manifest.files[SUMMIT]?.sha256).toMatch(/^[0-9a-f]{64}$/u);
		expect(manifest.passageCount).toBe(result.passages);
		expect(result).toMatchObject({ files: 2, written: true, reused: 0, removed: 0 });
	});

	it('embeds nothing and writes nothing when the corpus is unchanged', async () => {
		const { indexDir, embeddings, ingest } = await setup();
		await ingest();
		const before = await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8');
		embeddings.embeddedTexts = [];
		const again = await ingest();
		expect(again).toMatchObject({ embedded: 0, written: false });
		expect(embeddings.embeddedTexts).toEqual([]);
		expect(await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8')).toBe(before);
	});

	it('re-embeds only the file that changed', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		const first = await ingest();
		await appendFile(
			path.join(corpusDir, SUMMIT),
			'\nThe summit ended with a state banquet in the Great Hall of the People.\n',
		);
		embeddings.embeddedTexts = [];
		const second = await ingest();
		const summitPassages = second.index.manifest.files[SUMMIT]?.passageCount ?? 0;
		expect(second.embedded).toBe(summitPassages);
		expect(second.reused).toBe(first.index.manifest.files[BLOOMBERG]?.passageCount);
		expect(embeddings.embeddedTexts).toContain(
			'The summit ended with a state banquet in the Great Hall of the People.',
		);
		expect(embeddings.embeddedTexts.join(' ')).not.toContain('Wu Xinbo');
	});

	it('embeds an added file alone and drops a removed one', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		await ingest();
		await writeFile(
			path.join(corpusDir, 'bridge.txt'),
			'Bridge Approved\n\nThe council approved the new bridge on Tuesday.\n',
		);
		embeddings.embeddedTexts = [];
		const added = await ingest();
		expect(embeddings.embeddedTexts).toEqual(['The council approved the new bridge on Tuesday.']);
		expect(added.files).toBe(3);
		await rm(path.join(corpusDir, BLOOMBERG));
		embeddings.embeddedTexts = [];
		const removed = await ingest();
		expect(removed).toMatchObject({ files: 2, embedded: 0, removed: 1, written: true });
		expect(Object.keys(removed.index.manifest.files)).toEqual([SUMMIT, 'bridge.txt']);
	});

	it('rebuilds everything when the embedding model changes', async () => {
		const { ingest } = await setup();
		const first = await ingest();
		const other = new KeywordEmbeddings('another-model');
		const rebuilt = await ingest(other);
		expect(rebuilt.embedded).toBe(first.passages);
		expect(rebuilt.index.manifest.model.id).toBe('another-model');
		expect(rebuilt.rebuiltBecause).toContain('keyword-test-model');
	});

	it('reports a bad file by name, indexes the rest, and does not treat the bad file as a change next time', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		await writeFile(path.join(corpusDir, 'broken.txt'), '');
		const result = await ingest();
		expect(result.problems).toEqual([expect.objectContaining({ file: 'broken.txt', reason: 'the file is empty' })]);
		expect(result.files).toBe(2);
		embeddings.embeddedTexts = [];
		expect(await ingest()).toMatchObject({ written: false, embedded: 0 });
	});

	it('keeps an unreadable file skipped, and the index fresh, until the file changes', async () => {
		const { corpusDir, ingest } = await setup();
		const link = path.join(corpusDir, 'moved.txt');
		await symlink(path.join(corpusDir, 'gone.txt'), link);
		const first = await ingest();
		expect(first.problems).toEqual([expect.objectContaining({ file: 'moved.txt' })]);
		expect(await isIndexFresh(corpusDir, first.index.manifest)).toBe(true);
		expect(await ingest()).toMatchObject({ written: false });
		await writeFile(path.join(corpusDir, 'gone.txt'), 'Gone Story\n\nThe story came back under another name.\n');
		expect(await isIndexFresh(corpusDir, first.index.manifest)).toBe(false);
		expect(await ingest()).toMatchObject({ written: true, problems: [], files: 4 });
	});

	it('detects a damaged index file and rebuilds instead of serving it', async () => {
		const { indexDir, ingest } = await setup();
		await ingest();
		await writeFile(path.join(indexDir, 'hnsw.bin'), Buffer.alloc(16));
		const error = await readIndex(indexDir, new KeywordEmbeddings()).catch((caught: unknown) => caught);
		expect(isAppError(error, 'INDEX_CORRUPT')).toBe(true);
		expect((error as Error).message).toContain('npm run ingest');
		const rebuilt = await ingest();
		expect(rebuilt).toMatchObject({ written: true, rebuiltBecause: expect.stringContaining('hnsw.bin') });
		await expect(readIndex(indexDir, new KeywordEmbeddings())).resolves.toBeDefined();
	});

	it('refuses an index built by another model with the command that fixes it', async () => {
		const { indexDir, ingest } = await setup();
		await ingest();
		const error = await readIndex(indexDir, new KeywordEmbeddings('another-model')).catch((caught: unknown) => caught);
		expect(isAppError(error, 'INDEX_INCOMPATIBLE')).toBe(true);
		expect((error as Error).message).toMatch(/another-model.*npm run ingest/su);
	});

	it('treats a manifest that is not JSON as a damaged index', async () => {
		const { indexDir, ingest } = await setup();
		await ingest();
		await writeFile(path.join(indexDir, MANIFEST_FILE), '{ "formatVersion": 1, ');
		const error = await readIndex(indexDir, new KeywordEmbeddings()).catch((caught: unknown) => caught);
		expect(isAppError(error, 'INDEX_CORRUPT')).toBe(true);
	});

	it('leaves the previous index whole and no temporary directory behind when a build fails', async () => {
		const { indexDir, ingest, corpusDir } = await setup();
		await ingest();
		const before = await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8');
		await writeFile(path.join(corpusDir, 'new.txt'), 'A new story arrives. It has two sentences.');
		const failing = new KeywordEmbeddings();
		failing.embedDocuments = () => Promise.reject(new Error('model crashed'));
		const error = await ingest(failing).catch((caught: unknown) => caught);
		expect(isAppError(error, 'EMBEDDINGS_FAILED')).toBe(true);
		expect(await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8')).toBe(before);
		expect((await readdir(path.dirname(indexDir))).filter((name) => name.includes('.tmp-'))).toEqual([]);
	});

	it('removes what ingests that were killed left behind, but not what a running one may be writing', async () => {
		const { indexDir, ingest } = await setup();
		// An index in place, so that the killed swap's previous index is not what gets restored.
		await ingest();
		const { pid: exited } = spawnSync(process.execPath, ['--version']);
		const host = hostname();
		const left = {
			killedDraft: `.index.tmp-${host}~${exited}-0badf00d`,
			killedSwap: `.index.old-${host}~${exited}-0badf00d`,
			dayOldDraftElsewhere: `.index.tmp-other-host~7-0badf00d`,
			runningDraft: `.index.tmp-${host}~${process.pid}-0badf00d`,
			draftElsewhere: `.index.tmp-other-host~${exited}-0badf00d`,
		};
		for (const name of Object.values(left)) {
			await mkdir(path.join(path.dirname(indexDir), name));
			await writeFile(path.join(path.dirname(indexDir), name, 'hnsw.bin'), Buffer.alloc(1024));
		}
		const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1_000);
		await utimes(path.join(path.dirname(indexDir), left.dayOldDraftElsewhere), twoDaysAgo, twoDaysAgo);
		await ingest(new KeywordEmbeddings('another-model'));
		const siblings = await readdir(path.dirname(indexDir));
		expect(siblings).toEqual(expect.arrayContaining([left.runningDraft, left.draftElsewhere]));
		expect(siblings).not.toContain(left.killedDraft);
		expect(siblings).not.toContain(left.killedSwap);
		expect(siblings).not.toContain(left.dayOldDraftElsewhere);
	});

	it('places every vector the build thread received at its own sentence, as the served index reads it back', async () => {
		const { indexDir, embeddings, ingest } = await setup();
		const { index } = await ingest();
		const reloaded = await HnswStore.load(indexDir, embeddings);
		expect(reloaded.passages).toEqual(index.store.passages);
		expectVectorsInPlace(reloaded, embeddings);
	});

	it('puts reused vectors of a long unchanged article back at their own sentences', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		const sentences = Array.from({ length: 700 }, (_, i) => `Clause ${i} of the charter names topic${i} alone.`);
		await writeFile(path.join(corpusDir, 'charter.txt'), `The Charter\n\n${sentences.join(' ')}\n`);
		await ingest();
		await appendFile(path.join(corpusDir, SUMMIT), '\nThe summit closed with a joint statement.\n');
		const second = await ingest();
		expect(second.reused).toBeGreaterThan(0);
		expectVectorsInPlace(second.index.store, embeddings);
	});

	it('keeps the served index answering while a reindex builds and writes its successor', async () => {
		const { corpusDir, indexDir, embeddings, ingest } = await setup();
		const { index: served } = await ingest();
		await appendFile(path.join(corpusDir, SUMMIT), '\nThe ferry schedule changed on Monday.\n');
		const query = embeddings.embed('ferry schedule');
		const rebuilding = ingestCorpus({ corpusDir, indexDir, embeddings, logger: silentLogger, previous: served });
		let searchesWhileRebuilding = 0;
		let done = false;
		void rebuilding.finally(() => (done = true));
		while (!done) {
			expect(served.store.search(query, 3).length).toBeGreaterThan(0);
			searchesWhileRebuilding++;
			await new Promise((resolve) => setImmediate(resolve));
		}
		const { index } = await rebuilding;
		expect(searchesWhileRebuilding).toBeGreaterThan(1);
		expect(index.store.size).toBeGreaterThanOrEqual(served.store.size);
	});

	it('recovers the previous index when a swap was interrupted between its two renames', async () => {
		const { indexDir, ingest } = await setup();
		await ingest();
		const before = await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8');
		await rename(indexDir, path.join(path.dirname(indexDir), `.${path.basename(indexDir)}.old-0badf00d`));
		const recovered = await readIndex(indexDir, new KeywordEmbeddings());
		expect(recovered.store.size).toBeGreaterThan(0);
		expect(await readFile(path.join(indexDir, MANIFEST_FILE), 'utf8')).toBe(before);
	});

	it('fails clearly when the corpus has no readable article', async () => {
		const corpusDir = await dirs.make();
		const error = await ingestCorpus({
			corpusDir,
			indexDir: path.join(await dirs.make(), 'index'),
			embeddings: new KeywordEmbeddings(),
			logger: silentLogger,
		}).catch((caught: unknown) => caught);
		expect(isAppError(error, 'CORPUS_EMPTY')).toBe(true);
	});
});
