import type { RetrievedPassage } from './types.ts';

/** A sentence offered to the language model under the id it cites it by. */
export interface Candidate {
	/** 1-based, as the model sees it: `[id]`. */
	readonly id: number;
	/** Verbatim, as in the article. */
	readonly text: string;
	/** Offsets into the article text. */
	readonly start: number;
	readonly end: number;
	readonly source: RetrievedPassage;
}

export interface ReaderCandidates {
	readonly candidates: readonly Candidate[];
	/** Sentences not offered because they address a language model rather than report news. */
	readonly withheld: readonly { readonly file: string; readonly text: string }[];
}

/** Passages whose sentences the model reads. */
export const READER_PASSAGES = 5;
const MIN_SENTENCE_CHARS = 15;

/**
 * Text written to steer a language model ("ignore previous instructions", "you are now…", "system prompt").
 * Such a sentence is never news a reader asked about; withholding it means the model never sees it and cannot quote it.
 */
const ADDRESSES_MODEL = new RegExp(
	[
		String.raw`\b(?:ignore|disregard|forget|override)\b[^.!?]{0,60}\b(?:instructions?|prompts?|rules|guidelines|context)\b`,
		String.raw`\b(?:system|developer) (?:prompt|message|instructions?)\b`,
		String.raw`\byou are (?:now |no longer )?(?:an? |the )?(?:ai|assistant|chatbot|language model|llm|gpt)\b`,
		String.raw`\b(?:ai|language model|llm|assistant),? (?:you must|always|never|reply|respond|answer|say)\b`,
	].join('|'),
	'iu',
);

export function addressesModel(text: string): boolean {
	return ADDRESSES_MODEL.test(text);
}

/** The sentences of the top passages, numbered from 1 in retrieval order, without those that address a model. */
export function readerCandidates(retrieved: readonly RetrievedPassage[]): ReaderCandidates {
	const candidates: Candidate[] = [];
	const withheld: { file: string; text: string }[] = [];
	for (const source of retrieved.slice(0, READER_PASSAGES)) {
		const { passage } = source;
		for (const [start, end] of passage.sentences) {
			const text = passage.text.slice(start - passage.start, end - passage.start);
			if (text.trim().length < MIN_SENTENCE_CHARS) continue;
			if (addressesModel(text)) withheld.push({ file: passage.file, text });
			else candidates.push({ id: candidates.length + 1, text, start, end, source });
		}
	}
	return { candidates, withheld };
}
