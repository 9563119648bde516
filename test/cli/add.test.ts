import { execFile } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, redirect, startLoopbackSite, type LoopbackSite } from '../helpers/loopbackSite.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dirs = useTempDirs();

const PAGE = `<!doctype html><html><head><meta property="og:title" content="Tram line opens">
<meta property="og:site_name" content="Valley Post"><meta property="article:published_time" content="2025-03-09">
</head><body><article><h1>Tram line opens</h1>
<p>The first tram in forty years ran through the valley on Sunday, carrying three hundred passengers to the coast.</p>
<p>The council said trams will run every ten minutes from April, when the second line is finished.</p>
</article></body></html>`;
const budgetPage = (rise: string): string => `<!doctype html><html><head><title>Harbour budget agreed</title></head>
<body><article><h1>Harbour budget agreed</h1>
<p>The harbour board agreed a budget of two million pounds for the new breakwater on Thursday evening.</p>
<p>Mooring fees will rise by ${rise} next year to pay for it, the board's chair told fishermen.</p>
</article></body></html>`;
const NOTE = 'Ferry note\n\nThe island ferry will run an extra evening crossing every Friday through the summer.';

let site: LoopbackSite;
let budgetVersion = 0;
beforeAll(async () => {
	site = await startLoopbackSite({
		'/tram': html(PAGE),
		// The story is edited after it is first fetched; its address stays the same.
		'/budget': (response, origin) =>
			html(budgetPage(budgetVersion++ === 0 ? 'five percent' : 'six percent'))(response, origin),
		'/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/'),
	});
});
afterAll(async () => {
	await site.close();
});

function cli(entry: string, args: string[], allowed = '127.0.0.1') {
	return run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli', entry), ...args], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', FETCH_ALLOWED_ADDRESSES: allowed },
		maxBuffer: 16 * 1024 * 1024,
	});
}

function add(args: string[], allowed?: string) {
	return cli('add.ts', args, allowed);
}

async function failure(work: Promise<unknown>): Promise<{ code: number; stderr: string }> {
	return (await work.then(
		() => ({ code: 0, stderr: '' }),
		(caught: unknown) => caught,
	)) as { code: number; stderr: string };
}

describe('npm run add', () => {
	it('adds a web page and a local file to the corpus, each indexed with its title and byline', async () => {
		const corpus = await dirs.make();
		await writeFile(
			path.join(corpus, 'first.txt'),
			'Harbour news\n\nThe harbour reopened to ferries on Monday after dredging.',
		);
		const where = ['--corpus', corpus, '--index', path.join(await dirs.make(), 'index')];

		const page = await add([...where, `${site.origin}/tram`]);
		expect(page.stdout).toMatch(
			/^Added “Tram line opens” — Valley Post, 9 Mar 2025: 1 passage\(s\)\.\n {2}http:\/\/127\.0\.0\.1:\d+\/tram\nSaved as .+\/added\/2025-03-09-tram-line-opens-[0-9a-f]{8}\.html; indexed in \d+\.\d s\.\n$/u,
		);

		const notes = path.join(await dirs.make(), 'note.txt');
		await writeFile(notes, NOTE);
		const local = await add([...where, notes]);
		expect(local.stdout).toMatch(/^Added “Ferry note”: 1 passage\(s\)\./u);
		// The page and the record of where it was fetched from; a local file has no such record.
		expect((await readdir(path.join(corpus, 'added'))).length).toBe(3);

		const again = await failure(add([...where, notes]));
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(
			/^Not added: it is already in the index as “Ferry note” \(added\/.+\.txt\)\. The corpus is unchanged\.\n$/u,
		);
	});

	it('refuses a redirect to a private address, and loopback unless it is allowed, writing nothing', async () => {
		const corpus = await dirs.make();
		const where = ['--corpus', corpus, '--index', path.join(await dirs.make(), 'index')];
		const metadata = await failure(add([...where, `${site.origin}/to-metadata`]));
		expect(metadata.code).toBe(1);
		expect(metadata.stderr).toBe('Not added: 169.254.169.254 is a link-local address. The corpus is unchanged.\n');
		const loopback = await failure(add([...where, `${site.origin}/tram`], ''));
		expect(loopback.stderr).toBe('Not added: 127.0.0.1 is a loopback address. The corpus is unchanged.\n');
		expect(await readdir(corpus)).toEqual([]);
	});

	it('keeps the address a page was fetched from as its URL through a full re-ingest, and knows the page by it', async () => {
		const corpus = await dirs.make();
		await writeFile(path.join(corpus, 'note.txt'), NOTE);
		const index = path.join(await dirs.make(), 'index');
		const where = ['--corpus', corpus, '--index', index];
		const added = await add([...where, `${site.origin}/budget`]);
		expect(added.stdout.split('\n')[1]).toBe(`  ${site.origin}/budget`);
		expect((await readdir(path.join(corpus, 'added'))).filter((file) => file.endsWith('.source.json'))).toHaveLength(1);

		await rm(index, { recursive: true });
		await cli('ingest.ts', where);
		const asked = await cli('ask.ts', [...where, '--json', 'How much will mooring fees rise?']);
		const answer = JSON.parse(asked.stdout) as { retrieved: { url?: string; passage: string }[] };
		expect(answer.retrieved[0]?.passage).toContain('five percent');
		expect(answer.retrieved[0]?.url).toBe(`${site.origin}/budget`);

		// Edited since, so only its address says it is the same article.
		const again = await failure(add([...where, `${site.origin}/budget`]));
		expect(again.stderr).toMatch(
			/^Not added: it is already in the index as “Harbour budget agreed” \(added\/.+\.html\)\. The corpus is unchanged\.\n$/u,
		);
		expect(budgetVersion).toBe(2);
	});
});
