import { performance } from 'node:perf_hooks';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { createExtractiveComposer } from '../answer/createExtractiveComposer.ts';
import { LlmComposer } from '../answer/LlmComposer.ts';
import { ModelSlots } from '../answer/ModelSlots.ts';
import { readerCandidates, type Candidate } from '../answer/readerCandidates.ts';
import { readerMessages } from '../answer/readerPrompt.ts';
import { readReply } from '../answer/readReply.ts';
import type { ReaderReply } from '../answer/readerReplySchema.ts';
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
	/** Footnote's work around the model call: prompt building, then parsing and verification… */
	readonly overhead: Summary;
	/** The same in CPU time, which other processes on a shared machine do not inflate by preempting this one. */
	readonly overheadCpu: Summary;
	readonly prompt: Summary;
	readonly verify: Summary;
	/** …and the whole compose through LangChain: wall clock beyond the model's `MODEL_MS`, and CPU time (the
	 * extractive answer, composed during the model's wait, included). */
	readonly wall: Summary;
	readonly cpu: Summary;
}

const K = 8;
/** The stand-in model's latency; any real model takes far longer, so the extractive answer is always ready first. */
export const MODEL_MS = 10;
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
 * each question's top passages retrieved, then `LlmComposer.compose` timed with a model that replies after `MODEL_MS`.
 * What it adds is prompt building, LangChain's call and parsing, schema checks and verification; the extractive answer
 * is composed during the model's wait.
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
	const extractiveComposer = createExtractiveComposer({ lexical });
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

	const overhead: number[] = [];
	const overheadCpu: number[] = [];
	const prompt: number[] = [];
	const verify: number[] = [];
	const wall: number[] = [];
	const cpuMs: number[] = [];
	let candidateCount = 0;
	// One composer serves every question, as in the bot; its model is told each question's reply beforehand.
	const model = new FakeListChatModel({ responses: ['{}'], sleep: MODEL_MS });
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
		const content = JSON.stringify(replyFor(readerCandidates(retrieved).candidates));

		// Footnote's own work around the call, timed part by part: the prompt, then parsing and verifying the reply.
		const ownCpu = process.cpuUsage();
		const promptStart = performance.now();
		const { candidates } = readerCandidates(retrieved);
		readerMessages(question, candidates);
		const readStart = performance.now();
		const read = readReply(JSON.parse(content), { question, retrieved, candidates, confidence: 1, onDrop: () => {} });
		const readEnd = performance.now();
		const own = process.cpuUsage(ownCpu);
		if (!('composed' in read)) throw new Error(`the stand-in reply was refused: ${read.fallback}`);

		// The whole compose through LangChain, for its wall-clock and CPU time.
		model.responses = [content];
		const cpu = process.cpuUsage();
		const started = performance.now();
		const result = await composer.compose(question, retrieved);
		const composeMs = performance.now() - started;
		const { user, system } = process.cpuUsage(cpu);
		if (result.composer !== 'llm') throw new Error(`the stand-in model was not used: ${result.fallback}`);
		if (index < WARM_UP) continue;
		prompt.push(readStart - promptStart);
		verify.push(readEnd - readStart);
		overhead.push(readEnd - promptStart);
		overheadCpu.push((own.user + own.system) / 1_000);
		wall.push(composeMs - MODEL_MS);
		cpuMs.push((user + system) / 1_000);
		candidateCount += candidates.length;
	}
	return {
		passages: passages.length,
		questions: questions.length,
		candidatesPerQuestion: candidateCount / Math.max(1, questions.length),
		overhead: summarise(overhead),
		overheadCpu: summarise(overheadCpu),
		prompt: summarise(prompt),
		verify: summarise(verify),
		wall: summarise(wall),
		cpu: summarise(cpuMs),
	};
}
