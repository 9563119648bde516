import { performance } from 'node:perf_hooks';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { ExtractiveComposer } from '../answer/ExtractiveComposer.ts';
import { LlmComposer } from '../answer/LlmComposer.ts';
import { ModelSlots } from '../answer/ModelSlots.ts';
import { readerCandidates, type Candidate } from '../answer/readerCandidates.ts';
import { readerMessages } from '../answer/readerPrompt.ts';
import type { ReaderReply } from '../answer/readerReply.ts';
import type { RetrievedPassage } from '../answer/types.ts';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import { parseArticle } from '../corpus/loadCorpus.ts';
import type { Passage } from '../corpus/types.ts';
import type { Logger } from '../logger.ts';
import { LexicalIndex } from '../store/LexicalIndex.ts';
import { addressDocument, addressFileName, type Address } from './sotuCorpus.ts';
import { summarise, type Summary } from './stats.ts';

export interface OverheadReport {
	readonly passages: number;
	readonly questions: number;
	readonly candidatesPerQuestion: number;
	/** The whole of `LlmComposer.compose` around a model that answers at once: wall-clock time… */
	readonly total: Summary;
	/** …and the CPU time the process spent on it, which other processes on a shared machine do not inflate. */
	readonly totalCpu: Summary;
	/** Its parts: the extractive answer it falls back on, and numbering the sentences and writing the prompt. */
	readonly extractive: Summary;
	readonly prompt: Summary;
}

const K = 8;
const WARM_UP = 20;
const QUOTED = 3;
const SUMMARY_WORDS = 14;

/** What a good model replies: three sentences, a summary made of their words, and one sentence that must be dropped. */
function replyFor(candidates: readonly Candidate[]): ReaderReply {
	const chosen = candidates.slice(0, QUOTED);
	const summary = chosen.map(
		({ id, text }) =>
			`${text
				.split(/\s+/u)
				.slice(0, SUMMARY_WORDS)
				.join(' ')
				.replace(/[.,;:]+$/u, '')}. [${id}]`,
	);
	summary.push(`The president promised 12,345 new zeppelins. [${chosen[0]?.id ?? 1}]`);
	return { answerable: chosen.length > 0, sentence_ids: chosen.map(({ id }) => id), summary };
}

/**
 * Measures what Footnote adds around a language model call at SOTU scale: every address chunked and BM25-indexed,
 * each question's top passages retrieved, then `LlmComposer.compose` timed with a model that replies at once, so the
 * time is prompt building, LangChain's call and parsing, schema checks, verification and the extractive fallback.
 */
export async function measureComposerOverhead(
	addresses: readonly Address[],
	questions: readonly string[],
	logger: Logger,
): Promise<OverheadReport> {
	const articles = addresses.map((address) =>
		parseArticle(addressFileName(address), Buffer.from(addressDocument(address))),
	);
	const passages: Passage[] = articles.flatMap((article) => chunkArticle(article.file, article.text));
	const summaries = new Map(articles.map((article) => [article.file, article]));
	const lexical = await LexicalIndex.build(passages, (file) => summaries.get(file)?.title ?? file);
	const extractiveComposer = new ExtractiveComposer((term) => lexical.idf(term));
	const retrieve = (question: string): RetrievedPassage[] =>
		lexical.search(question, K).map(([label, score]) => {
			const passage = passages[label]!;
			const { file, title, date } = summaries.get(passage.file)!;
			return {
				passage,
				article: { file, title, ...(date ? { date } : {}), passageCount: 0 },
				score,
				similarity: 0.5,
				sentenceSimilarities: passage.sentences.map(() => 0.5),
			};
		});

	const total: number[] = [];
	const totalCpu: number[] = [];
	const extractive: number[] = [];
	const prompt: number[] = [];
	let candidateCount = 0;
	// One composer serves every question, as in the bot; its model is told each question's reply beforehand.
	const model = new FakeListChatModel({ responses: ['{}'] });
	const composer = new LlmComposer({
		model,
		fallback: extractiveComposer,
		logger,
		timeoutMs: 10_000,
		slots: new ModelSlots(1),
	});
	const rounds = [...questions.slice(0, WARM_UP), ...questions];
	for (const [index, question] of rounds.entries()) {
		const retrieved = retrieve(question);
		const { candidates } = readerCandidates(retrieved);
		model.responses = [JSON.stringify(replyFor(candidates))];
		const cpu = process.cpuUsage();
		const started = performance.now();
		const result = await composer.compose(question, retrieved);
		const composeMs = performance.now() - started;
		const { user, system } = process.cpuUsage(cpu);
		if (result.composer !== 'llm') throw new Error(`the instant model was not used: ${result.fallback}`);

		const extractiveStart = performance.now();
		await extractiveComposer.compose(question, retrieved);
		const promptStart = performance.now();
		readerMessages(question, readerCandidates(retrieved).candidates);
		const promptEnd = performance.now();
		if (index < WARM_UP) continue;
		total.push(composeMs);
		totalCpu.push((user + system) / 1_000);
		extractive.push(promptStart - extractiveStart);
		prompt.push(promptEnd - promptStart);
		candidateCount += candidates.length;
	}
	return {
		passages: passages.length,
		questions: questions.length,
		candidatesPerQuestion: candidateCount / Math.max(1, questions.length),
		total: summarise(total),
		totalCpu: summarise(totalCpu),
		extractive: summarise(extractive),
		prompt: summarise(prompt),
	};
}
