import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { createEmbeddings, type EmbeddingsConfig } from '../../src/embeddings/createEmbeddings.ts';
import { OpenAICompatibleEmbeddings } from '../../src/embeddings/OpenAICompatibleEmbeddings.ts';
import { WorkerPoolEmbeddings } from '../../src/embeddings/WorkerPoolEmbeddings.ts';

const logger = pino({ level: 'silent' });
const USE_LITE: EmbeddingsConfig = {
	EMBEDDINGS_PROVIDER: 'use-lite',
	EMBEDDINGS_URL: undefined,
	EMBEDDINGS_MODEL: undefined,
	EMBEDDINGS_API_KEY: undefined,
	EMBED_WORKERS: 2,
};

describe('createEmbeddings', () => {
	let server: Server;
	let url: string;

	beforeAll(async () => {
		server = createServer((_, response) => response.end('{"data":[{"index":0,"embedding":[0.5,0.5]}]}'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('builds USE lite on a worker pool by default, without starting the workers', async () => {
		const model = await createEmbeddings(USE_LITE, logger);
		expect(model).toBeInstanceOf(WorkerPoolEmbeddings);
		expect(model.dimensions).toBe(512);
		expect(await model.embedQuery('hello')).toHaveLength(512);
		await model.close();
	});

	it('names USE lite for an ingest-only process and loads the query copy on a first query', async () => {
		const eager = await createEmbeddings(USE_LITE, logger);
		const lazy = await createEmbeddings(USE_LITE, logger, 'documents');
		expect(lazy.modelId).toBe(eager.modelId);
		expect(await lazy.embedQuery('hello')).toEqual(await eager.embedQuery('hello'));
		await Promise.all([eager.close(), lazy.close()]);
	});

	it('builds the openai-compatible client with the configured URL and model', async () => {
		const config = {
			...USE_LITE,
			EMBEDDINGS_PROVIDER: 'openai-compatible',
			EMBEDDINGS_URL: url,
			EMBEDDINGS_MODEL: 'm',
		} as const;
		const model = await createEmbeddings(config, logger);
		expect(model).toBeInstanceOf(OpenAICompatibleEmbeddings);
		expect(model.dimensions).toBe(2);
	});

	it.each([
		['EMBEDDINGS_URL', { EMBEDDINGS_MODEL: 'm' }],
		['EMBEDDINGS_MODEL', { EMBEDDINGS_URL: 'http://127.0.0.1:9/v1' }],
	])('refuses openai-compatible without %s as CONFIG_INVALID', async (key, extra) => {
		const config = { ...USE_LITE, EMBEDDINGS_PROVIDER: 'openai-compatible', ...extra } as const;
		const error: unknown = await createEmbeddings(config, logger).catch((caught: unknown) => caught);
		expect(isAppError(error, 'CONFIG_INVALID')).toBe(true);
		expect((error as Error).message).toContain(key);
	});
});
