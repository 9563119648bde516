import type { Candidate } from './readerCandidates.ts';
import { MAX_QUOTED_SENTENCES, MAX_SUMMARY_SENTENCES } from './readerPrompt.ts';
import { readerReplySchema } from './readerReplySchema.ts';
import type { AnswerSentence, Citation, Composed, FallbackReason, RetrievedPassage, SummarySentence } from './types.ts';
import { splitMarkers, unsupportedWords } from './verifySummary.ts';

const RELATED_READING = 3;

/** Why a summary sentence was not shown. */
export type DropReason = 'no_marker' | 'marker_not_chosen' | 'unsupported_words' | 'too_many';

export interface Drop {
	readonly reason: DropReason;
	readonly sentence: string;
	readonly words?: readonly string[];
}

export interface ReadContext {
	readonly question: string;
	readonly retrieved: readonly RetrievedPassage[];
	readonly candidates: readonly Candidate[];
	/** The calibrated confidence the result carries (the model's own judgement is not calibrated). */
	readonly confidence: number;
	readonly onDrop: (drop: Drop) => void;
}

/** A reply read into a result, or the reason it cannot be used and the extractive answer must stand in. */
export type ReadOutcome =
	{ readonly composed: Composed } | { readonly fallback: FallbackReason; readonly error: Error };

/** The model's refusal: not covered, with related reading. */
export function modelRefusal(question: string, retrieved: readonly RetrievedPassage[], confidence: number): Composed {
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

/**
 * Checks a model's reply against the schema and the candidates, quotes the sentences it chose verbatim with footnotes,
 * and keeps the summary sentences whose every word is in the chosen sentences they cite.
 */
export function readReply(reply: unknown, context: ReadContext): ReadOutcome {
	const { question, retrieved, candidates, confidence } = context;
	const parsed = readerReplySchema.safeParse(reply);
	if (!parsed.success) return { fallback: 'invalid_output', error: parsed.error };
	const { answerable, sentence_ids: sentenceIds, summary } = parsed.data;
	if (!answerable) return { composed: modelRefusal(question, retrieved, confidence) };
	const ids = [...new Set(sentenceIds)];
	if (ids.length === 0) return { fallback: 'invalid_output', error: new Error('answerable, but no sentence chosen') };
	const outOfRange = ids.filter((id) => candidates[id - 1] === undefined);
	if (outOfRange.length > 0) {
		const error = new Error(`ids ${outOfRange.join(', ')} not in 1–${candidates.length}`);
		return { fallback: 'ids_out_of_range', error };
	}
	const citations: Citation[] = [];
	const footnotes = new Map<number, number>();
	const sentences = ids.slice(0, MAX_QUOTED_SENTENCES).map((id): AnswerSentence => {
		const candidate = candidates[id - 1]!;
		const { passage, article, score } = candidate.source;
		let citation = citations.find((existing) => existing.passage.id === passage.id);
		if (!citation) {
			citation = { n: citations.length + 1, passage, article, score };
			citations.push(citation);
		}
		footnotes.set(id, citation.n);
		return { text: candidate.text, n: citation.n, start: candidate.start, end: candidate.end };
	});
	return {
		composed: {
			kind: 'answered',
			question,
			answer: sentences.map((sentence) => `${sentence.text} [${sentence.n}]`).join(' '),
			sentences,
			citations,
			retrieved,
			confidence,
			composer: 'llm',
			summary: verifiedSummary(summary, candidates, footnotes, context.onDrop),
		},
	};
}

/** The summary sentences whose markers point at chosen sentences holding every word they assert. */
function verifiedSummary(
	summary: readonly string[],
	candidates: readonly Candidate[],
	footnotes: ReadonlyMap<number, number>,
	onDrop: (drop: Drop) => void,
): SummarySentence[] {
	const kept: SummarySentence[] = [];
	summary.forEach((sentence, index) => {
		if (sentence.trim() === '') return;
		if (index >= MAX_SUMMARY_SENTENCES) return onDrop({ reason: 'too_many', sentence });
		const { text, ids } = splitMarkers(sentence);
		if (ids.length === 0 || text === '') return onDrop({ reason: 'no_marker', sentence });
		if (ids.some((id) => !footnotes.has(id))) return onDrop({ reason: 'marker_not_chosen', sentence });
		const words = unsupportedWords(
			text,
			ids.map((id) => candidates[id - 1]!.text),
		);
		if (words.length > 0) return onDrop({ reason: 'unsupported_words', sentence, words });
		kept.push({ text, citations: [...new Set(ids.map((id) => footnotes.get(id)!))].sort((a, b) => a - b) });
	});
	return kept;
}
