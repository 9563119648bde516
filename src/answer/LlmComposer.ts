import { performance } from 'node:perf_hooks';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from '../logger.ts';
import type { ModelSlots } from './ModelSlots.ts';
import { describeFailure, failureReason } from './modelFailure.ts';
import { modelRefusal, readReply } from './readReply.ts';
import { readerCandidates } from './readerCandidates.ts';
import { readerMessages } from './readerPrompt.ts';
import { readerReplySchema } from './readerReplySchema.ts';
import type { Composed, Composer, FallbackReason, RetrievedPassage } from './types.ts';

export interface LlmComposerOptions {
	/** Any LangChain chat model that supports structured output. */
	readonly model: BaseChatModel;
	/** Answers whenever the model cannot, and sets the confidence (the model's own judgement is not calibrated). */
	readonly fallback: Composer;
	readonly logger: Logger;
	/** The whole model call, retries included. */
	readonly timeoutMs: number;
	readonly slots: ModelSlots;
}

/**
 * A language model reads the candidate sentences and picks those that answer; Footnote quotes them verbatim and shows
 * the model's own short answer only where every word it asserts is in the sentences it cites. Whenever the model
 * fails (timeout, unreachable, rate-limited, unusable reply, ids out of range, all slots busy), the fallback composer
 * answers and the result says so.
 */
export class LlmComposer implements Composer {
	private readonly reader;

	public constructor(private readonly options: LlmComposerOptions) {
		this.reader = options.model.withStructuredOutput(readerReplySchema, { name: 'answer' });
	}

	public async compose(question: string, retrieved: readonly RetrievedPassage[]): Promise<Composed> {
		const started = performance.now();
		const { logger, timeoutMs, slots, fallback } = this.options;
		const { candidates, withheld } = readerCandidates(retrieved);
		if (withheld.length > 0) {
			const files = [...new Set(withheld.map(({ file }) => file))];
			logger.warn({ sentences: withheld.length, files }, 'llm.sentences_withheld');
		}
		if (candidates.length === 0) {
			return modelRefusal(question, retrieved, (await fallback.compose(question, retrieved)).confidence);
		}
		const release = slots.tryTake();
		if (release === undefined) return this.fellBack(await fallback.compose(question, retrieved), 'busy');
		const messages = readerMessages(question, candidates);
		const signal = AbortSignal.timeout(timeoutMs);
		const asked = performance.now();
		const replied = this.reader.invoke(messages, { signal }).then(
			(reply) => ({ ok: true as const, reply, at: performance.now() }),
			(error: unknown) => ({ ok: false as const, error, at: performance.now() }),
		);
		void replied.finally(release);
		// The extractive answer (the fallback, and the confidence) is composed while the model thinks.
		const extractive = await fallback.compose(question, retrieved);
		const outcome = await replied;
		if (!outcome.ok) return this.fellBack(extractive, failureReason(outcome.error, signal.aborted), outcome.error);
		const read = readReply(outcome.reply, {
			question,
			retrieved,
			candidates,
			confidence: extractive.confidence,
			onDrop: ({ reason, sentence, words }) =>
				logger.info(
					{ reason, sentence: sentence.slice(0, 300), ...(words ? { words } : {}) },
					'llm.summary_sentence_dropped',
				),
		});
		if ('fallback' in read) return this.fellBack(extractive, read.fallback, read.error);
		const { composed } = read;
		const modelMs = outcome.at - asked;
		logger.info(
			{
				kind: composed.kind,
				composer: composed.composer,
				modelMs: Math.round(modelMs),
				overheadMs: Math.round((performance.now() - started - modelMs) * 100) / 100,
			},
			'llm.composed',
		);
		return composed;
	}

	private fellBack(extractive: Composed, reason: FallbackReason, error?: unknown): Composed {
		this.options.logger.warn(
			{ reason, ...(error === undefined ? {} : { error: describeFailure(error) }) },
			'llm.fell_back',
		);
		return { ...extractive, composer: 'extractive', fallback: reason };
	}
}
