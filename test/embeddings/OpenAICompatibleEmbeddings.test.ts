import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { OpenAICompatibleEmbeddings } from '../../src/embeddings/OpenAICompatibleEmbeddings.ts';

const API_KEY = 'sk-test-secret-123';

interface Seen {
	readonly url: string | undefined;
	readonly authorization: string | undefined;
	readonly body: { model: string; input: string[] };
}

type Handler = (seen: Seen, response: ServerResponse) => void;

/** A deterministic 3-d vector per text. */
const fakeVector = (text: string): number[] => [text.length, text.charCodeAt(0) || 0, 1];

const embeddingsReply: Handler = ({ body }, response) => {
	// Reversed, as servers may send them, so the client has to sort by index.
	const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })).reverse();
	response.setHeader('content-type', 'application/json');
	response.end(JSON.stringify({ object: 'list', data, model: body.model }));
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => undefined,
		(error: unknown) => error,
	);
}

describe('OpenAICompatibleEmbeddings', () => {
	let server: Server;
	let baseUrl: string;
	let handler: Handler;
	const requests: Seen[] = [];

	beforeAll(async () => {
		server = createServer((request: IncomingMessage, response: ServerResponse) => {
			let raw = '';
			request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			request.on('end', () => {
				const seen = { url: request.url, authorization: request.headers.authorization, body: JSON.parse(raw) };
				requests.push(seen);
				handler(seen, response);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		handler = embeddingsReply;
		requests.length = 0;
	});

	it('learns the dimensions from a probe and posts {model, input} to /v1/embeddings with the bearer key', async () => {
		const embeddings = await OpenAICompatibleEmbeddings.connect({
			url: baseUrl,
			model: 'nomic-embed-text',
			apiKey: API_KEY,
		});
		expect(embeddings.dimensions).toBe(3);
		expect(embeddings.modelId).toBe('openai-compatible:nomic-embed-text');
		expect(requests[0]).toMatchObject({ url: '/v1/embeddings', authorization: `Bearer ${API_KEY}` });
		expect(requests[0]!.body.model).toBe('nomic-embed-text');
	});

	it('sends no authorization header without a key and accepts a URL that names the endpoint', async () => {
		await OpenAICompatibleEmbeddings.connect({ url: `${baseUrl}/embeddings/`, model: 'm' });
		expect(requests[0]).toMatchObject({ url: '/v1/embeddings', authorization: undefined });
	});

	it('embeds documents in batches and returns vectors in input order', async () => {
		const embeddings = await OpenAICompatibleEmbeddings.connect({ url: baseUrl, model: 'm', batchSize: 2 });
		const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
		expect(await embeddings.embedDocuments(texts)).toEqual(texts.map(fakeVector));
		expect(requests.slice(1).map((seen) => seen.body.input)).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
		expect(await embeddings.embedQuery('query')).toEqual(fakeVector('query'));
		expect(await embeddings.embedDocuments([])).toEqual([]);
	});

	it('reports an HTTP error with its status and never echoes the API key', async () => {
		const embeddings = await OpenAICompatibleEmbeddings.connect({ url: baseUrl, model: 'm', apiKey: API_KEY });
		handler = ({ authorization }, response) => {
			response.statusCode = 401;
			response.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${authorization}` } }));
		};
		const error = await failure(embeddings.embedQuery('x'));
		expect(isAppError(error, 'EMBEDDINGS_FAILED')).toBe(true);
		expect((error as Error).message).toContain('HTTP 401');
		expect((error as Error).message).not.toContain(API_KEY);
	});

	it.each([
		['a body that is not JSON', 'oops'],
		['a body without data', '{"object":"list"}'],
		['too few embeddings', '{"data":[]}'],
		['an embedding that is not numbers', '{"data":[{"index":0,"embedding":["x","y","z"]}]}'],
		['an embedding of another size', '{"data":[{"index":0,"embedding":[1,2]}]}'],
		['an index out of range', '{"data":[{"index":4,"embedding":[1,2,3]}]}'],
	])('rejects %s as a malformed response', async (_, body) => {
		const embeddings = await OpenAICompatibleEmbeddings.connect({ url: baseUrl, model: 'm' });
		handler = (__, response) => response.end(body);
		const error = await failure(embeddings.embedQuery('x'));
		expect(isAppError(error, 'EMBEDDINGS_FAILED')).toBe(true);
		expect((error as Error).message).toContain('malformed');
	});

	it('gives up after the timeout with EMBEDDINGS_UNAVAILABLE', async () => {
		const embeddings = await OpenAICompatibleEmbeddings.connect({ url: baseUrl, model: 'm', timeoutMs: 100 });
		handler = (__, response) => setTimeout(() => response.end('{"data":[]}'), 1_000);
		const error = await failure(embeddings.embedQuery('x'));
		expect(isAppError(error, 'EMBEDDINGS_UNAVAILABLE')).toBe(true);
		expect((error as Error).message).toContain('timed out');
	});

	it('fails to connect with EMBEDDINGS_UNAVAILABLE when nothing listens', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const error = await failure(OpenAICompatibleEmbeddings.connect({ url: `http://127.0.0.1:${port}/v1`, model: 'm' }));
		expect(isAppError(error, 'EMBEDDINGS_UNAVAILABLE')).toBe(true);
	});

	it('rejects a malformed URL as CONFIG_INVALID', async () => {
		expect(
			isAppError(await failure(OpenAICompatibleEmbeddings.connect({ url: 'not a url', model: 'm' })), 'CONFIG_INVALID'),
		).toBe(true);
	});
});
