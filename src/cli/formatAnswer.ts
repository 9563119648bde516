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

/** The answer as a person reads it in a terminal: answer, then numbered sources with their passages. */
export function formatAnswer(result: AnswerResult): string {
	const took = `(${Math.round(result.timings.totalMs)} ms)`;
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
	const lead = result.kind === 'uncertain' ? 'The articles may not answer this directly. The closest they come:\n' : '';
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
		answer: isQuoted(result) ? result.answer : '',
		citations: isQuoted(result)
			? result.citations.map((citation) => ({
					n: citation.n,
					file: citation.article.file,
					title: citation.article.title,
					passage: citation.passage.text,
					score: round(citation.score),
					start: citation.passage.start,
					end: citation.passage.end,
				}))
			: [],
		retrieved: result.retrieved.map((item) => ({
			file: item.article.file,
			title: item.article.title,
			passage: item.passage.text,
			score: round(item.score),
			similarity: round(item.similarity),
		})),
		timings: Object.fromEntries(Object.entries(result.timings).map(([key, value]) => [key, round(value)])),
	};
}
