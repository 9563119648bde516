import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../errors.ts';
import { AddressPolicy } from './addressPolicy.ts';

export const MAX_REDIRECTS = 5;
export const MAX_FETCH_BYTES = 10 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 15_000;
/** Names the bot to the sites it fetches from, as polite crawlers do. */
export const USER_AGENT =
	'FootnoteBot/0.1 (Discord bot that cites news articles; fetches a page when a member adds it)';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Resolves a host name to every address it has (dns.lookup by default; tests resolve names of their own). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface FetchPolicy {
	/** Which addresses may be reached; the default refuses every private, loopback, link-local and reserved one. */
	readonly addresses?: AddressPolicy;
	readonly maxBytes?: number;
	readonly timeoutMs?: number;
	readonly resolve?: Resolver;
}

export interface FetchRequest {
	readonly url: string;
	/** Whether a response of this content type (lower case, without parameters) is wanted. */
	readonly accepts: (contentType: string) => boolean;
	/** The content types wanted, for the refusal when another one comes. */
	readonly wanted: string;
}

export interface Fetched {
	/** The address the content came from, after redirects. */
	readonly url: string;
	readonly contentType: string;
	readonly bytes: Buffer;
}

/** "10 MB", "4 KB": a size cap as a person reads it. */
export function formatSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function refuse(reason: string): AppError {
	return new AppError('DOCUMENT_REFUSED', reason);
}

const systemResolver: Resolver = (hostname) =>
	new Promise((resolve, reject) =>
		dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
	);

/** A `lookup` for http.request that refuses a host when any of its addresses is one the policy refuses. */
function guardedLookup(addresses: AddressPolicy, resolve: Resolver): LookupFunction {
	return (hostname, options, callback) => {
		resolve(hostname).then(
			(found) => {
				const family = options.family === 4 || options.family === 6 ? options.family : undefined;
				const usable = found.filter((entry) => family === undefined || entry.family === family);
				const bad = usable
					.map((entry) => [entry.address, addresses.refusal(entry.address)] as const)
					.find(([, why]) => why);
				if (bad) return callback(refuse(`${hostname} resolves to ${bad[0]}, ${bad[1]}`), '', 4);
				const [first] = usable;
				if (first === undefined) return callback(refuse(`${hostname} has no address`), '', 4);
				if (options.all) return (callback as (error: null, all: LookupAddress[]) => void)(null, [...usable]);
				return callback(null, first.address, first.family);
			},
			(error: unknown) =>
				callback(
					refuse(`${hostname} cannot be found (${(error as NodeJS.ErrnoException).code ?? 'no address'})`),
					'',
					4,
				),
		);
	};
}

function send(url: URL, lookup: LookupFunction, signal: AbortSignal): Promise<IncomingMessage> {
	const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const outgoing = request(url, {
			lookup,
			signal,
			headers: { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' },
		});
		outgoing.once('response', resolve);
		outgoing.once('error', reject);
		outgoing.end();
	});
}

/** The body, decompressed, refused as soon as it passes `maxBytes`. */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
	const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
	const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
		gzip: createGunzip,
		'x-gzip': createGunzip,
		deflate: createInflate,
		br: createBrotliDecompress,
	};
	const decoder = decoders[encoding];
	if (decoder === undefined && encoding !== 'identity') throw refuse(`the server sent it ${encoding}-encoded`);
	const body: Readable = decoder === undefined ? response : (response.pipe(decoder()) as unknown as Readable);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += (chunk as Buffer).length;
		if (size > maxBytes) {
			response.destroy();
			throw refuse(`it is larger than ${formatSize(maxBytes)}`);
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/**
 * Fetches a URL a user gave, refusing what could reach inside the network or exhaust the bot: http(s) only; every
 * address checked after DNS resolution and again on each of at most 5 redirects (the check is the connection's own
 * lookup, so a name cannot resolve differently between check and connection); a size and a time cap; the content type
 * checked before the body is read.
 * @throws AppError('DOCUMENT_REFUSED') with the reason, written for the person who gave the URL.
 */
export async function guardedFetch(target: FetchRequest, policy: FetchPolicy = {}): Promise<Fetched> {
	const addresses = policy.addresses ?? new AddressPolicy();
	const maxBytes = policy.maxBytes ?? MAX_FETCH_BYTES;
	const timeoutMs = policy.timeoutMs ?? FETCH_TIMEOUT_MS;
	const lookup = guardedLookup(addresses, policy.resolve ?? systemResolver);
	const signal = AbortSignal.timeout(timeoutMs);
	let url: URL;
	try {
		url = new URL(target.url);
	} catch {
		throw refuse('it is not a web address');
	}
	try {
		for (let redirects = 0; ; redirects++) {
			if (url.protocol !== 'http:' && url.protocol !== 'https:') {
				throw refuse(`only http and https links are fetched, not ${url.protocol.replace(/:$/u, '')}`);
			}
			if (url.username !== '' || url.password !== '')
				throw refuse('links with a user name or password are not fetched');
			const literal = url.hostname.replace(/^\[|\]$/gu, '');
			const why = isIP(literal) === 0 ? undefined : addresses.refusal(literal);
			if (why) throw refuse(`${literal} is ${why}`);

			const response = await send(url, lookup, signal);
			const status = response.statusCode ?? 0;
			if (REDIRECTS.has(status)) {
				response.resume();
				const location = response.headers.location;
				if (location === undefined) throw refuse(`the server answered ${status} without saying where to`);
				if (redirects === MAX_REDIRECTS) throw refuse(`it redirects more than ${MAX_REDIRECTS} times`);
				url = new URL(location, url);
				continue;
			}
			if (status !== 200) {
				response.resume();
				throw refuse(`the server answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
			}
			const contentType =
				String(response.headers['content-type'] ?? '')
					.split(';')[0]
					?.trim()
					.toLowerCase() ?? '';
			if (!target.accepts(contentType)) {
				response.resume();
				throw refuse(`it is ${contentType === '' ? 'of no stated type' : contentType}, not ${target.wanted}`);
			}
			const length = Number(response.headers['content-length'] ?? Number.NaN);
			if (length > maxBytes) {
				response.destroy();
				throw refuse(`it is larger than ${formatSize(maxBytes)}`);
			}
			return { url: url.href, contentType, bytes: await readBody(response, maxBytes) };
		}
	} catch (error) {
		if (signal.aborted) throw refuse(`it took longer than ${Number((timeoutMs / 1_000).toFixed(1))} s to fetch`);
		if (error instanceof AppError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw refuse(`it could not be fetched (${code ?? (error as Error).message})`);
	}
}
