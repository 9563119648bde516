import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { parseRetryAfterMs } from '@langchain/core/utils/async_caller';
import { ChatOpenAI } from '@langchain/openai';
import { statusOf } from './modelFailure.ts';

export interface ChatModelSettings {
	/** An OpenAI-compatible API base, e.g. http://localhost:11434/v1 for Ollama. */
	readonly baseUrl: string;
	readonly model: string;
	readonly apiKey?: string | undefined;
	readonly timeoutMs: number;
}

/** Local servers need no key, but the client insists on one; always passing one also keeps it from reading OPENAI_API_KEY. */
const NO_KEY = 'not-needed';

function retryAfterHeader(error: unknown): string | undefined {
	const headers = (error as { headers?: unknown } | null)?.headers;
	if (headers instanceof Headers) return headers.get('retry-after') ?? undefined;
	if (typeof headers === 'object' && headers !== null) {
		const value = (headers as Record<string, unknown>)['retry-after'];
		return typeof value === 'string' ? value : undefined;
	}
	return undefined;
}

/**
 * Retries a 429 or 5xx once, after `retry-after` when the server sends it (LangChain's caller waits the longer of
 * that and its own backoff); a wait longer than the whole timeout is not worth starting. Anything else fails at once.
 */
function retryBusyServerOnce(timeoutMs: number): (error: unknown) => void {
	return (error) => {
		const status = statusOf(error);
		if (status === undefined || (status !== 429 && status < 500)) throw error;
		const retryAfterMs = parseRetryAfterMs(retryAfterHeader(error));
		if (retryAfterMs !== undefined) {
			if (retryAfterMs >= timeoutMs) throw error;
			(error as { retryAfterMs?: number }).retryAfterMs = retryAfterMs;
		}
	};
}

/** A chat model on any OpenAI-compatible endpoint (Ollama, llama.cpp, vLLM, LM Studio, OpenAI). */
export function createChatModel(settings: ChatModelSettings): BaseChatModel {
	return new ChatOpenAI({
		model: settings.model,
		apiKey: settings.apiKey ?? NO_KEY,
		configuration: { baseURL: settings.baseUrl },
		temperature: 0,
		maxRetries: 1,
		onFailedAttempt: retryBusyServerOnce(settings.timeoutMs),
		timeout: settings.timeoutMs,
	});
}
