import { performance } from 'node:perf_hooks';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from '../logger.ts';
import type { ModelSlots } from './ModelSlots.ts';
import { describeFailure, failureReason } from './modelFailure.ts';
import { readerCandidates, type Candidate } from './readerCandidates.ts';
import { MAX_QUOTED_SENTENCES, MAX_SUMMARY_SENTENCES, readerMessages } from './readerPrompt.ts';
import { readerReplySchema } from './readerReply.ts';
import type {
	AnswerSentence,
	Citation,
	Composed,
	Composer,
	FallbackReason,
	RetrievedPassage,
	SummarySentence,
} from './types.ts';
import { splitMarkers, unsupportedWords } from './verifySummary.ts';

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

const RELATED_READING = 3;

type DropReason = 'no_marker' | 'marker_not_chosen' | 'unsupported_words' | 'too_many';

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
		const { logger, timeoutMs, slots } = this.options;
		const extractive = await this.options.fallback.compose(question, retrieved);
		const { candidates, withheld } = readerCandidates(retrieved);
		if (withheld.length > 0) {
			const files = [...new Set(withheld.map(({ file }) => file))];
			logger.warn({ sentences: withheld.length, files }, 'llm.sentences_withheld');
		}
		if (candidates.length === 0) return notCovered(question, retrieved, extractive.confidence);
		const release = slots.tryTake();
		if (release === undefined) return this.fellBack(extractive, 'busy');
		const signal = AbortSignal.timeout(timeoutMs);
		const asked = performance.now();
		let reply: unknown;
		try {
			reply = await this.reader.invoke(readerMessages(question, candidates), { signal });
		} catch (error) {
			return this.fellBack(extractive, failureReason(error, signal.aborted), error);
		} finally {
			release();
		}
		const modelMs = performance.now() - asked;
		const composed = this.read(question, retrieved, candidates, reply, extractive);
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

	private read(
		question: string,
		retrieved: readonly RetrievedPassage[],
		candidates: readonly Candidate[],
		reply: unknown,
		extractive: Composed,
	): Composed {
		const parsed = readerReplySchema.safeParse(reply);
		if (!parsed.success) return this.fellBack(extractive, 'invalid_output', parsed.error);
		const { answerable, sentence_ids: sentenceIds, summary } = parsed.data;
		if (!answerable) return notCovered(question, retrieved, extractive.confidence);
		const ids = [...new Set(sentenceIds)];
		if (ids.length === 0) {
			return this.fellBack(extractive, 'invalid_output', new Error('answerable, but no sentence chosen'));
		}
		const outOfRange = ids.filter((id) => candidates[id - 1] === undefined);
		if (outOfRange.length > 0) {
			return this.fellBack(
				extractive,
				'ids_out_of_range',
				new Error(`ids ${outOfRange.join(', ')} not in 1–${candidates.length}`),
			);
		}
		const chosen = ids.slice(0, MAX_QUOTED_SENTENCES).map((id) => candidates[id - 1]!);
		const citations: Citation[] = [];
		const footnotes = new Map<number, number>();
		const sentences = chosen.map((candidate): AnswerSentence => {
			const { passage, article, score } = candidate.source;
			let citation = citations.find((existing) => existing.passage.id === passage.id);
			if (!citation) {
				citation = { n: citations.length + 1, passage, article, score };
				citations.push(citation);
			}
			footnotes.set(candidate.id, citation.n);
			return { text: candidate.text, n: citation.n, start: candidate.start, end: candidate.end };
		});
		return {
			kind: 'answered',
			question,
			answer: sentences.map((sentence) => `${sentence.text} [${sentence.n}]`).join(' '),
			sentences,
			citations,
			retrieved,
			confidence: extractive.confidence,
			composer: 'llm',
			summary: this.verified(summary, candidates, footnotes),
		};
	}

	/** The summary sentences whose every word is in the chosen sentences they cite; each drop is logged. */
	private verified(
		summary: readonly string[],
		candidates: readonly Candidate[],
		footnotes: ReadonlyMap<number, number>,
	): SummarySentence[] {
		const kept: SummarySentence[] = [];
		const drop = (reason: DropReason, sentence: string, words?: readonly string[]): void =>
			this.options.logger.info(
				{ reason, sentence: sentence.slice(0, 300), ...(words ? { words } : {}) },
				'llm.summary_sentence_dropped',
			);
		summary.forEach((raw, index) => {
			if (raw.trim() === '') return;
			if (index >= MAX_SUMMARY_SENTENCES) return drop('too_many', raw);
			const { text, ids } = splitMarkers(raw);
			if (ids.length === 0 || text === '') return drop('no_marker', raw);
			if (ids.some((id) => !footnotes.has(id))) return drop('marker_not_chosen', raw);
			const unsupported = unsupportedWords(
				text,
				ids.map((id) => candidates[id - 1]!.text),
			);
			if (unsupported.length > 0) return drop('unsupported_words', raw, unsupported);
			const cited = [...new Set(ids.map((id) => footnotes.get(id)!))].sort((a, b) => a - b);
			kept.push({ text, citations: cited });
		});
		return kept;
	}

	private fellBack(extractive: Composed, reason: FallbackReason, error?: unknown): Composed {
		this.options.logger.warn(
			{ reason, ...(error === undefined ? {} : { error: describeFailure(error) }) },
			'llm.fell_back',
		);
		return { ...extractive, composer: 'extractive', fallback: reason };
	}
}

function notCovered(question: string, retrieved: readonly RetrievedPassage[], confidence: number): Composed {
	return {
		kind: 'not_covered',
		reason: 'not_covered',
		question,
		confidence,
		related: retrieved.slice(0, RELATED_READING),
		retrieved,
		composer: 'llm',
	};
}
