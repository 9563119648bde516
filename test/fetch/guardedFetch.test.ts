import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { AddressPolicy } from '../../src/fetch/addressPolicy.ts';
import { guardedFetch, USER_AGENT, type FetchPolicy } from '../../src/fetch/guardedFetch.ts';
import { html, redirect, startLoopbackSite, type LoopbackSite } from '../helpers/loopbackSite.ts';

const PAGE = '<html><head><title>Harbour</title></head><body><p>The harbour reopened.</p></body></html>';
const HTML_ONLY = { accepts: (type: string) => type === 'text/html', wanted: 'an HTML page' };
const LOOPBACK_ALLOWED: FetchPolicy = { addresses: new AddressPolicy(['127.0.0.1']) };

let site: LoopbackSite;

beforeAll(async () => {
	site = await startLoopbackSite({
		'/article': html(PAGE),
		'/moved': redirect((origin) => `${origin}/article`, 301),
		'/relative': redirect(() => '/article', 307),
		...Object.fromEntries(
			Array.from({ length: 6 }, (_, i) => [`/hop/${i}`, redirect((origin) => `${origin}/hop/${i + 1}`)]),
		),
		'/hop/6': html(PAGE),
		'/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/'),
		'/to-private-name': redirect(() => 'http://intranet.example/'),
		'/to-mapped': redirect((origin) => `${origin.replace('127.0.0.1', '[::ffff:127.0.0.2]')}/article`),
		'/to-file': redirect(() => 'file:///etc/passwd'),
		'/image': (response) => response.writeHead(200, { 'content-type': 'image/png' }).end('not really a png'),
		'/declared-big': (response) =>
			response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(5_000) }).end('x'.repeat(5_000)),
		'/streamed-big': (response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			for (let i = 0; i < 10; i++) response.write('y'.repeat(1_000));
			response.end();
		},
		'/gzip-bomb': (response) =>
			response
				.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
				.end(gzipSync(Buffer.alloc(100_000, 'z'))),
		'/gzipped': (response) =>
			response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
		'/slow': (response) => {
			response.writeHead(200, { 'content-type': 'text/html' });
			response.write('<html>');
		},
		'/missing': (response) => response.writeHead(404).end(),
	});
});

afterAll(async () => {
	await site.close();
});

async function refusal(url: string, policy: FetchPolicy = LOOPBACK_ALLOWED): Promise<string> {
	const error = await guardedFetch({ url, ...HTML_ONLY }, policy).then(
		() => undefined,
		(caught: unknown) => caught,
	);
	expect(isAppError(error, 'DOCUMENT_REFUSED'), `${url} was fetched`).toBe(true);
	return (error as Error).message;
}

describe('guardedFetch', () => {
	it('fetches a page from an allowed address, following redirects, and names the bot in its user agent', async () => {
		const fetched = await guardedFetch({ url: `${site.origin}/moved`, ...HTML_ONLY }, LOOPBACK_ALLOWED);
		expect(fetched).toEqual({ url: `${site.origin}/article`, contentType: 'text/html', bytes: Buffer.from(PAGE) });
		expect(site.requests.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
		expect(USER_AGENT).toMatch(/^FootnoteBot\//u);
		const relative = await guardedFetch({ url: `${site.origin}/relative`, ...HTML_ONLY }, LOOPBACK_ALLOWED);
		expect(relative.url).toBe(`${site.origin}/article`);
		const gzipped = await guardedFetch({ url: `${site.origin}/gzipped`, ...HTML_ONLY }, LOOPBACK_ALLOWED);
		expect(gzipped.bytes.toString()).toBe(PAGE);
	});

	it('refuses loopback by default, by address and through a name that resolves to it', async () => {
		const before = site.requests.length;
		expect(await refusal(`${site.origin}/article`, {})).toBe('127.0.0.1 is a loopback address');
		for (const disguised of ['http://2130706433/', 'http://0x7f000001/', 'http://127.1/', 'http://[::1]/']) {
			expect(await refusal(disguised, {}), disguised).toMatch(/^(127\.0\.0\.1|::1) is a loopback address$/u);
		}
		const port = new URL(site.origin).port;
		expect(await refusal(`http://localhost:${port}/article`, {})).toMatch(
			/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/u,
		);
		const resolve = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
		expect(await refusal(`http://news.example:${port}/article`, { resolve })).toBe(
			'news.example resolves to 127.0.0.1, a loopback address',
		);
		expect(site.requests.length).toBe(before);
	});

	it('refuses a name when any of its addresses is private, even if another is allowed', async () => {
		const resolve = () =>
			Promise.resolve([
				{ address: '127.0.0.1', family: 4 },
				{ address: '10.0.0.7', family: 4 },
			]);
		const port = new URL(site.origin).port;
		expect(await refusal(`http://news.example:${port}/article`, { ...LOOPBACK_ALLOWED, resolve })).toBe(
			'news.example resolves to 10.0.0.7, a private address',
		);
	});

	it('checks every redirect: to a link-local, a private name, a mapped loopback address or another scheme', async () => {
		expect(await refusal(`${site.origin}/to-metadata`)).toBe('169.254.169.254 is a link-local address');
		const resolve = (host: string) =>
			Promise.resolve([{ address: host === 'intranet.example' ? '192.168.0.10' : '127.0.0.1', family: 4 }]);
		expect(
			await refusal(`${site.origin.replace('127.0.0.1', 'site.example')}/to-private-name`, {
				...LOOPBACK_ALLOWED,
				resolve,
			}),
		).toBe('intranet.example resolves to 192.168.0.10, a private address');
		expect(await refusal(`${site.origin}/to-mapped`)).toBe('::ffff:7f00:2 is a loopback address');
		expect(await refusal(`${site.origin}/to-file`)).toBe('only http and https links are fetched, not file');
	});

	it('follows at most 5 redirects', async () => {
		expect(await refusal(`${site.origin}/hop/0`)).toBe('it redirects more than 5 times');
		const five = await guardedFetch({ url: `${site.origin}/hop/1`, ...HTML_ONLY }, LOOPBACK_ALLOWED);
		expect(five.bytes.toString()).toBe(PAGE);
	});

	it('refuses other schemes, credentials and content types it was not asked for', async () => {
		expect(await refusal('ftp://example.com/file.txt')).toBe('only http and https links are fetched, not ftp');
		expect(await refusal('not a url')).toBe('it is not a web address');
		expect(await refusal(`http://user:secret@127.0.0.1:${new URL(site.origin).port}/article`)).toBe(
			'links with a user name or password are not fetched',
		);
		expect(await refusal(`${site.origin}/image`)).toBe('it is image/png, not an HTML page');
		expect(await refusal(`${site.origin}/missing`)).toBe('the server answered 404 Not Found');
	});

	it('stops at the size cap, whether the size is declared, streamed or hidden by compression', async () => {
		const small: FetchPolicy = { ...LOOPBACK_ALLOWED, maxBytes: 4_096 };
		for (const path of ['/declared-big', '/streamed-big', '/gzip-bomb']) {
			expect(await refusal(`${site.origin}${path}`, small), path).toBe('it is larger than 4 KB');
		}
	});

	it('gives up at the time cap', async () => {
		expect(await refusal(`${site.origin}/slow`, { ...LOOPBACK_ALLOWED, timeoutMs: 300 })).toBe(
			'it took longer than 0.3 s to fetch',
		);
	});
});
