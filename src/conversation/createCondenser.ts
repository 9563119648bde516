import { chatModelSettings, type ComposerConfig } from '../answer/composerFactory.ts';
import { createChatModel } from '../answer/createChatModel.ts';
import { ModelSlots } from '../answer/ModelSlots.ts';
import type { Logger } from '../logger.ts';
import { KeyTermCondenser, type QuestionCondenser } from './condenseFollowUp.ts';
import { LlmCondenser } from './LlmCondenser.ts';

/** The condense step waits before retrieval even starts, so it gets less time than the reader. */
const CONDENSE_TIMEOUT_MS = 5_000;

/**
 * The configured follow-up condenser: the key-term rewrite for COMPOSER=extractive, else the language model's
 * "condense question" step falling back to it.
 * @throws AppError('CONFIG_INVALID') when COMPOSER=llm lacks LLM_BASE_URL or LLM_MODEL.
 */
export function createCondenser(config: ComposerConfig, logger: Logger): QuestionCondenser {
	const keyTerms = new KeyTermCondenser();
	if (config.COMPOSER === 'extractive') return keyTerms;
	const timeoutMs = Math.min(config.LLM_TIMEOUT_MS, CONDENSE_TIMEOUT_MS);
	return new LlmCondenser({
		model: createChatModel({ ...chatModelSettings(config), timeoutMs }),
		fallback: keyTerms,
		logger,
		timeoutMs,
		// Its own slots: a follow-up's condense call ends before its reader call starts.
		slots: new ModelSlots(config.LLM_MAX_CONCURRENCY),
	});
}
