import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { isIndexFresh } from '../../src/ingest/isIndexFresh.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const STORIES = {
	bridge: 'The council approved the new bridge on Tuesday. Construction starts in May and will take two years.',
	ferry: 'The ferry service will stop when the bridge opens, the harbour master said on Wednesday evening.',
	tunnel: 'A tunnel was considered first but cost three times as much, according to the city engineer.',
	market: 'The fish market moves to the north quay next spring, freeing the old hall for a concert venue.',
};
const WIRE =
	'Central bank officials held interest rates steady on Wednesday, citing signs that inflation was cooling faster than expected. ' +
	'The decision, which was widely anticipated by markets, leaves the benchmark rate at its highest level in more than two decades. ' +
	'Officials signalled that they could begin cutting rates later this year if the labour market continued to soften.';

function row(key: keyof typeof STORIES, text = STORIES[key]): string {
	return JSON.stringify({
		url: `https://news.example/${key}`,
		title: key,
		text,
		author: 'Jane Doe',
		source: 'Gazette',
	});
}

async function setup() {
	const corpusDir = await dirs.make();
	const indexDir = path.join(await dirs.make(), 'index');
	const embeddings = new KeywordEmbeddings();
	const ingest = () => ingestCorpus({ corpusDir, indexDir, embeddings, logger: silentLogger });
	return { corpusDir, embeddings, ingest };
}

describe('ingesting multi-article files', () => {
	it('re-embeds only the row that changed, and keeps each row as its own article with its metadata', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		const file = path.join(corpusDir, 'export.jsonl');
		await writeFile(file, [row('bridge'), row('ferry'), row('tunnel')].join('\n'));
		const first = await ingest();
		expect(first.index.articles.map((article) => article.file)).toEqual([
			'export.jsonl#https://news.example/bridge',
			'export.jsonl#https://news.example/ferry',
			'export.jsonl#https://news.example/tunnel',
		]);
		expect(first.index.articles[0]).toMatchObject({
			url: 'https://news.example/bridge',
			authors: ['Jane Doe'],
			publisher: 'Gazette',
		});

		embeddings.embeddedTexts = [];
		await writeFile(file, [row('bridge'), row('ferry', STORIES.market), row('tunnel')].join('\n'));
		const second = await ingest();
		expect(second).toMatchObject({ written: true, reused: 2 });
		expect(embeddings.embeddedTexts).toEqual([STORIES.market]);
		expect(await isIndexFresh(corpusDir, second.index.manifest)).toBe(true);
	});

	it('embeds a syndicated copy once and names the other outlet on the kept article', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		await writeFile(path.join(corpusDir, 'ap.txt'), `(AP) — ${WIRE}`);
		await writeFile(path.join(corpusDir, 'herald.md'), `---\npublisher: The Herald\n---\n\n${WIRE}\n`);
		const result = await ingest();
		expect(result.index.articles).toEqual([
			expect.objectContaining({ file: 'ap.txt', publisher: 'AP', alsoIn: ['The Herald'] }),
		]);
		expect(result.problems).toEqual([expect.objectContaining({ file: 'herald.md' })]);
		expect(embeddings.embeddedTexts).toHaveLength(3);
	});

	it('names every file and its reason when nothing can be indexed', async () => {
		const { corpusDir, ingest } = await setup();
		await writeFile(path.join(corpusDir, 'notes.xml'), 'not xml at all');
		await writeFile(path.join(corpusDir, 'empty.txt'), '');
		const error = await ingest().catch((caught: unknown) => caught);
		expect(isAppError(error, 'CORPUS_EMPTY')).toBe(true);
		expect((error as Error).message).toMatch(
			/\n {2}empty\.txt: the file is empty\n {2}notes\.xml: the feed is not well-formed XML/u,
		);
	});
});

describe('the corpus settings file', () => {
	it('re-reads the rows when the field mapping changes, and the index is stale until then', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		const rows = [
			JSON.stringify({ title: 'Bridge', text: STORIES.bridge, summary: STORIES.tunnel }),
			JSON.stringify({ title: 'Ferry', text: STORIES.ferry, summary: STORIES.market }),
		];
		await writeFile(path.join(corpusDir, 'cms.jsonl'), rows.join('\n'));
		const first = await ingest();
		expect(first.index.articles.map((article) => article.title)).toEqual(['Bridge', 'Ferry']);

		await writeFile(path.join(corpusDir, 'footnote.corpus.json'), JSON.stringify({ fields: { text: 'summary' } }));
		expect(await isIndexFresh(corpusDir, first.index.manifest)).toBe(false);
		embeddings.embeddedTexts = [];
		const second = await ingest();
		expect(embeddings.embeddedTexts).toEqual([STORIES.tunnel, STORIES.market]);
		expect(await isIndexFresh(corpusDir, second.index.manifest)).toBe(true);
	});
});
