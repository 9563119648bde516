import { isQuoted, type AnswerResult, type RetrievedPassage } from '../answer/types.ts';
import type { ArticleSummary } from '../corpus/types.ts';
import { articleUrl, bylineParts } from '../text/byline.ts';

/** "Title — Author, Publisher, 9 Nov 2017 (file)", then its URL and syndicated copies on lines of their own. */
function describeArticle(article: ArticleSummary): string {
	const byline = bylineParts(article).join(', ');
	const url = articleUrl(article);
	const alsoIn = article.alsoIn?.length ? `\n    also in: ${article.alsoIn.join(', ')}` : '';
	return `${article.title}${byline ? ` — ${byline}` : ''} (${article.file})${url ? `\n    ${url.href}` : ''}${alsoIn}`;
}

/** The article's citation fields in `--json`, each only when known. */
function articleJson(article: ArticleSummary) {
	return {
		...(article.url === undefined ? {} : { url: article.url }),
		...(article.authors === undefined ? {} : { authors: article.authors }),
		...(article.publisher === undefined ? {} : { publisher: article.publisher }),
		...(article.date === undefined ? {} : { date: article.date }),
		...(article.alsoIn === undefined ? {} : { alsoIn: article.alsoIn }),
	};
}

function indent(text: string): string {
	return text
		.split('\n')
		.filter((line) => line.trim().length > 0)
		.map((line) => `    ${line}`)
		.join('\n');
}

function related(items: readonly RetrievedPassage[]): string {
	return items.map((item) => `  - ${describeArticle(item.article)}\n${indent(item.passage.text)}`).join('\n');
}

/** Which composer answered, when a language model is configured. */
function composerNote(result: AnswerResult): string {
	if (result.fallback !== undefined)
		return ` [quoted without the language model: ${result.fallback.replace(/_/gu, ' ')}]`;
	return result.composer === 'llm' ? ' [read by the language model]' : '';
}

/** The answer as a person reads it in a terminal: answer, then numbered sources with their passages. */
export function formatAnswer(result: AnswerResult): string {
	const took = `(${Math.round(result.timings.totalMs)} ms)${composerNote(result)}`;
	if (result.kind === 'not_covered') {
		const reading =
			result.related.length > 0 ? `\n\nClosest passages, as related reading:\n${related(result.related)}` : '';
		const verdict =
			result.reason === 'unsupported_language'
				? 'Only questions in English are understood, and this one does not look like English.'
				: 'The corpus does not cover this question.';
		return `${verdict} ${took}${reading}`;
	}
	const sources = result.citations
		.map((citation) => `[${citation.n}] ${describeArticle(citation.article)}\n${indent(citation.passage.text)}`)
		.join('\n');
	const confidence = `confidence ${Math.round(result.confidence * 100)}%`;
	const summary =
		result.summary !== undefined && result.summary.length > 0
			? `Summary (written by a language model, every word checked against the quotes):\n${result.summary
					.map((sentence) => `${sentence.text} ${sentence.citations.map((n) => `[${n}]`).join('')}`)
					.join(' ')}\n\nQuoted:\n`
			: '';
	const lead = `${summary}${result.kind === 'uncertain' ? 'The articles may not answer this directly. The closest they come:\n' : ''}`;
	return `${lead}${result.answer}\n\nSources (${confidence}) ${took}:\n${sources}`;
}

/** The stable JSON shape of `npm run ask -- --json`. */
export function answerJson(result: AnswerResult) {
	const round = (value: number): number => Math.round(value * 10_000) / 10_000;
	return {
		question: result.question,
		kind: result.kind,
		answered: result.kind === 'answered',
		confidence: round(result.confidence),
		...(result.kind === 'not_covered' ? { reason: result.reason } : {}),
		composer: result.composer ?? 'extractive',
		...(result.fallback === undefined ? {} : { fallback: result.fallback }),
		...(isQuoted(result) && result.summary !== undefined ? { summary: result.summary } : {}),
		answer: isQuoted(result) ? result.answer : '',
		citations: isQuoted(result)
			? result.citations.map((citation) => ({
					n: citation.n,
					file: citation.article.file,
					title: citation.article.title,
					...articleJson(citation.article),
					passage: citation.passage.text,
					score: round(citation.score),
					start: citation.passage.start,
					end: citation.passage.end,
				}))
			: [],
		retrieved: result.retrieved.map((item) => ({
			file: item.article.file,
			title: item.article.title,
			...articleJson(item.article),
			passage: item.passage.text,
			score: round(item.score),
			similarity: round(item.similarity),
		})),
		timings: Object.fromEntries(Object.entries(result.timings).map(([key, value]) => [key, round(value)])),
	};
}
