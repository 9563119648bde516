import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../../src/corpus/types.ts';
import { addDocument, type AddDeps } from '../../src/engine/addDocument.ts';
import type { IngestSummary } from '../../src/engine/Engine.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();
const SUMMARY: IngestSummary = {
	files: 1,
	passages: 1,
	embedded: 1,
	reused: 0,
	removed: 0,
	problems: [],
	seconds: 0.5,
};
const STORY = Buffer.from('Harbour reopens\n\nThe harbour reopened to ferries on Monday after dredging the channel.');

/** An engine that indexes nothing of what is added, or whose rebuild fails, as `rebuild` says. */
function deps(corpusDir: string, rebuild: () => Promise<IngestSummary>, sources: ArticleSummary[] = []) {
	const calls: string[][] = [];
	const value: AddDeps = {
		corpusDir,
		current: () => ({ sources: () => sources, passage: () => undefined }),
		reindex: async () => {
			calls.push(await readdir(corpusDir, { recursive: true }));
			return rebuild();
		},
	};
	return { value, calls };
}

describe('addDocument', () => {
	it('takes the file out again when the rebuild folds it into an article it repeats, and rebuilds without it', async () => {
		const corpusDir = await dirs.make();
		const { value, calls } = deps(corpusDir, () => Promise.resolve(SUMMARY));
		const result = await addDocument(value, { name: 'story.txt', bytes: STORY });
		expect(result).toEqual({ kind: 'refused', reason: 'it repeats an article already in the index' });
		expect(calls).toHaveLength(2);
		expect(calls[0]?.some((file) => file.startsWith('added/'))).toBe(true);
		expect(await readdir(corpusDir, { recursive: true })).toEqual([]);
	});

	it('removes the saved file and its source record when the rebuild fails, and lets the failure through', async () => {
		const corpusDir = await dirs.make();
		const { value, calls } = deps(corpusDir, () => Promise.reject(new Error('embedding failed')));
		const page = { name: 'story.txt', bytes: STORY, from: 'https://port.example/harbour' };
		await expect(addDocument(value, page)).rejects.toThrow('embedding failed');
		expect(calls[0]?.filter((file) => file.endsWith('.source.json'))).toHaveLength(1);
		expect(await readdir(corpusDir, { recursive: true })).toEqual([]);
	});

	it('knows a fetched page by the address it was fetched from, although its text has changed since', async () => {
		const corpusDir = await dirs.make();
		const indexed = { file: 'added/harbour.txt', title: 'Harbour reopens', passageCount: 1 };
		const { value, calls } = deps(corpusDir, () => Promise.resolve(SUMMARY), [
			{ ...indexed, url: 'https://port.example/harbour' },
		]);
		const edited = Buffer.from(`${STORY.toString()} Fishing boats returned on Tuesday.`);
		expect(
			await addDocument(value, { name: 'page.txt', bytes: edited, from: 'https://port.example/harbour/' }),
		).toEqual({
			kind: 'refused',
			reason: 'it is already in the index as “Harbour reopens” (added/harbour.txt)',
		});
		expect(calls).toEqual([]);
		expect(await readdir(corpusDir)).toEqual([]);
	});

	it('refuses what the corpus cannot read, by type or by content, before writing or rebuilding', async () => {
		const corpusDir = await dirs.make();
		const { value, calls } = deps(corpusDir, () => Promise.resolve(SUMMARY));
		expect(await addDocument(value, { name: 'story.exe', bytes: STORY })).toEqual({
			kind: 'refused',
			reason:
				'.exe files cannot be read; the corpus takes .txt, .md, .markdown, .html, .htm, .pdf, .docx, .jsonl, .ndjson, .json, .csv, .xml, .rss and .atom',
		});
		expect(await addDocument(value, { name: 'story', bytes: STORY })).toMatchObject({
			reason:
				'a file without an extension cannot be read; the corpus takes .txt, .md, .markdown, .html, .htm, .pdf, .docx, .jsonl, .ndjson, .json, .csv, .xml, .rss and .atom',
		});
		expect(await addDocument(value, { name: 'blob.txt', bytes: Buffer.from([0, 1, 2, 3]) })).toEqual({
			kind: 'refused',
			reason: 'it looks binary, not text',
		});
		expect(await addDocument(value, { name: 'empty.html', bytes: Buffer.alloc(0) })).toEqual({
			kind: 'refused',
			reason: 'it is empty',
		});
		expect(calls).toEqual([]);
		expect(await readdir(corpusDir)).toEqual([]);
	});

	it('refuses an article whose URL is already indexed', async () => {
		const corpusDir = await dirs.make();
		const indexed: ArticleSummary = {
			file: 'a.md',
			title: 'Harbour',
			url: 'https://news.example/harbour/',
			passageCount: 1,
		};
		const { value } = deps(corpusDir, () => Promise.resolve(SUMMARY), [indexed]);
		const story = Buffer.from(
			'---\nurl: https://news.example/harbour#top\n---\n\nThe harbour reopened on Monday after dredging.',
		);
		expect(await addDocument(value, { name: 'page.md', bytes: story })).toEqual({
			kind: 'refused',
			reason: 'it is already in the index as “Harbour” (a.md)',
		});
	});
});
