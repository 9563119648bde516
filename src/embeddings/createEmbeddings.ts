import type { EngineConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { OpenAICompatibleEmbeddings } from './OpenAICompatibleEmbeddings.ts';
import type { EmbeddingModel } from './types.ts';
import { UseLiteEmbeddings } from './UseLiteEmbeddings.ts';
import { WorkerPoolEmbeddings } from './WorkerPoolEmbeddings.ts';

export type EmbeddingsConfig = Pick<
	EngineConfig,
	'EMBEDDINGS_PROVIDER' | 'EMBEDDINGS_URL' | 'EMBEDDINGS_MODEL' | 'EMBEDDINGS_API_KEY' | 'EMBED_WORKERS'
>;

/**
 * 'queries': the model answers queries at once (USE lite loads a copy in this thread); 'documents': the process only
 * ingests, and that copy loads on a first query, if any.
 */
export type EmbeddingsUse = 'queries' | 'documents';

/**
 * Builds the configured embedding model; USE lite's ingest workers start on first use.
 * @throws AppError('CONFIG_INVALID') when openai-compatible lacks EMBEDDINGS_URL or EMBEDDINGS_MODEL,
 * AppError('EMBEDDINGS_UNAVAILABLE' | 'EMBEDDINGS_FAILED') when the model cannot be loaded or reached.
 */
export async function createEmbeddings(
	config: EmbeddingsConfig,
	logger: Logger,
	use: EmbeddingsUse = 'queries',
): Promise<EmbeddingModel> {
	const started = performance.now();
	const model = await create(config, logger, use);
	logger.info(
		{ modelId: model.modelId, dimensions: model.dimensions, ms: Math.round(performance.now() - started) },
		'embeddings.ready',
	);
	return model;
}

async function create(config: EmbeddingsConfig, logger: Logger, use: EmbeddingsUse): Promise<EmbeddingModel> {
	if (config.EMBEDDINGS_PROVIDER === 'use-lite') {
		const queryModel =
			use === 'queries'
				? await UseLiteEmbeddings.load()
				: { modelId: await UseLiteEmbeddings.installedModelId(), load: () => UseLiteEmbeddings.load() };
		return new WorkerPoolEmbeddings(queryModel, { workers: config.EMBED_WORKERS, logger });
	}
	const { EMBEDDINGS_URL: url, EMBEDDINGS_MODEL: model, EMBEDDINGS_API_KEY: apiKey } = config;
	if (url === undefined || model === undefined) {
		const missing = [url === undefined && 'EMBEDDINGS_URL', model === undefined && 'EMBEDDINGS_MODEL'].filter(Boolean);
		throw new AppError(
			'CONFIG_INVALID',
			`EMBEDDINGS_PROVIDER=openai-compatible needs ${missing.join(' and ')}: set it in .env (see .env.example)`,
		);
	}
	return OpenAICompatibleEmbeddings.connect({ url, model, apiKey });
}
