import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/loadCorpus.ts';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { readIndex } from '../../src/store/indexDirectory.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();
const STORY = [
	'---',
	'title: Harbour reopens',
	'date: 2025-05-12',
	'publisher: Coast Herald',
	'url: https://coastherald.example/harbour',
	'author: Jane Doe and John Roe',
	'---',
	'',
	'The harbour reopened to ferries on Monday after dredging.',
].join('\n');

describe('what a citation needs, from Markdown front matter to the index', () => {
	it('reads the URL and the authors from front matter', () => {
		const article = parseArticle('harbour.md', Buffer.from(STORY));
		expect(article).toMatchObject({
			title: 'Harbour reopens',
			url: 'https://coastherald.example/harbour',
			authors: ['Jane Doe', 'John Roe'],
		});
	});

	it('keeps the URL and the authors in the index, so a reloaded index can cite them', async () => {
		const corpusDir = await dirs.make();
		const indexDir = path.join(await dirs.make(), 'index');
		await writeFile(path.join(corpusDir, 'harbour.md'), STORY);
		const embeddings = new KeywordEmbeddings();
		await ingestCorpus({ corpusDir, indexDir, embeddings, logger: silentLogger });
		const { articles } = await readIndex(indexDir, embeddings);
		expect(articles).toEqual([
			{
				file: 'harbour.md',
				title: 'Harbour reopens',
				publisher: 'Coast Herald',
				date: '2025-05-12',
				url: 'https://coastherald.example/harbour',
				authors: ['Jane Doe', 'John Roe'],
				passageCount: 1,
			},
		]);
	});
});
