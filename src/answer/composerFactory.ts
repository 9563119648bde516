import type { EngineConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createChatModel, type ChatModelSettings } from './createChatModel.ts';
import { LlmComposer } from './LlmComposer.ts';
import { ModelSlots } from './ModelSlots.ts';
import type { Composer } from './types.ts';

export type ComposerConfig = Pick<
	EngineConfig,
	'COMPOSER' | 'LLM_BASE_URL' | 'LLM_MODEL' | 'LLM_API_KEY' | 'LLM_TIMEOUT_MS' | 'LLM_MAX_CONCURRENCY'
>;

/** Builds an index's composer around its extractive one. */
export type ComposerFactory = (extractive: Composer) => Composer;

/**
 * The chat model COMPOSER=llm configures, for the reader and the follow-up condenser alike.
 * @throws AppError('CONFIG_INVALID') when LLM_BASE_URL or LLM_MODEL is missing.
 */
export function chatModelSettings(config: Omit<ComposerConfig, 'COMPOSER'>): ChatModelSettings {
	const { LLM_BASE_URL: baseUrl, LLM_MODEL: model } = config;
	if (baseUrl === undefined || model === undefined) {
		const missing = [baseUrl === undefined && 'LLM_BASE_URL', model === undefined && 'LLM_MODEL'].filter(Boolean);
		throw new AppError(
			'CONFIG_INVALID',
			`COMPOSER=llm needs ${missing.join(' and ')}: set it in .env (see .env.example)`,
		);
	}
	return { baseUrl, model, apiKey: config.LLM_API_KEY, timeoutMs: config.LLM_TIMEOUT_MS };
}

/**
 * The configured composer: undefined for COMPOSER=extractive, else the LLM reader falling back to the extractive
 * composer. One model client and one set of slots serve every index the engine swaps in.
 * @throws AppError('CONFIG_INVALID') when COMPOSER=llm lacks LLM_BASE_URL or LLM_MODEL.
 */
export function composerFactory(config: ComposerConfig, logger: Logger): ComposerFactory | undefined {
	if (config.COMPOSER === 'extractive') return undefined;
	const settings = chatModelSettings(config);
	const { baseUrl, model } = settings;
	const chatModel = createChatModel(settings);
	const slots = new ModelSlots(config.LLM_MAX_CONCURRENCY);
	logger.info(
		{ model, host: new URL(baseUrl).host, timeoutMs: config.LLM_TIMEOUT_MS, slots: config.LLM_MAX_CONCURRENCY },
		'composer.llm',
	);
	return (extractive) =>
		new LlmComposer({ model: chatModel, fallback: extractive, logger, timeoutMs: config.LLM_TIMEOUT_MS, slots });
}
