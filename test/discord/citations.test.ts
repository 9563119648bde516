import { describe, expect, it } from 'vitest';
import type { Answered, NotCovered, RetrievedPassage } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import {
	renderAnswer,
	renderFindSources,
	renderPassages,
	renderQuote,
	renderSearch,
	renderSources,
	type Payload,
} from '../../src/discord/render.ts';
import { expectWithinLimits, visibleText, type MessageBody } from './assertMessage.ts';

const URL_WITH_PARENS = 'https://www.coastherald.example/news/harbour_(update)?id=7';
const LINKED = '<https://www.coastherald.example/news/harbour_%28update%29?id=7>';

const SYNDICATED: ArticleSummary = {
	file: 'harbour.html',
	title: 'Harbour [live] reopens',
	publisher: 'Coast Herald',
	date: '2025-05-12',
	authors: ['Jane Doe', 'John Roe'],
	url: URL_WITH_PARENS,
	alsoIn: ['Reuters', 'Island Gazette'],
	passageCount: 2,
};
const PLAIN: ArticleSummary = { file: 'plain.txt', title: 'Budget passed', passageCount: 1 };

function passageOf(article: ArticleSummary, text: string): Passage {
	return {
		id: `${article.file}#0`,
		file: article.file,
		ordinal: 0,
		start: 0,
		end: text.length,
		text,
		sentences: [[0, text.length]],
	};
}

const HARBOUR = passageOf(SYNDICATED, 'The harbour reopened to ferries on Monday after dredging.');
const BUDGET = passageOf(PLAIN, 'The council passed the annual budget after a long debate.');

function retrieved(passage: Passage, article: ArticleSummary): RetrievedPassage {
	return { passage, article, score: 1, similarity: 0.7, sentenceSimilarities: [0.7] };
}

const ANSWER: Answered = {
	kind: 'answered',
	question: 'When did the harbour reopen?',
	answer: `${HARBOUR.text} [1] ${BUDGET.text} [2]`,
	sentences: [
		{ text: HARBOUR.text, n: 1, start: 0, end: HARBOUR.text.length },
		{ text: BUDGET.text, n: 2, start: 0, end: BUDGET.text.length },
	],
	citations: [
		{ n: 1, passage: HARBOUR, article: SYNDICATED, score: 1 },
		{ n: 2, passage: BUDGET, article: PLAIN, score: 0.8 },
	],
	retrieved: [retrieved(HARBOUR, SYNDICATED), retrieved(BUDGET, PLAIN)],
	confidence: 0.9,
	timings: { totalMs: 40 },
};

function wire(payload: Payload): MessageBody {
	return { content: payload.content, embeds: payload.embeds, allowed_mentions: payload.allowedMentions };
}

/** Every address in the message text is inside <…> or a masked link, so Discord previews none of them. */
function expectNoPreviews(payload: Payload): void {
	const bare = visibleText(wire(payload)).match(/(?<!<)https?:\/\/\S+/gu) ?? [];
	expect(bare).toEqual([]);
}

describe('citations that link to the article', () => {
	it('reads [n] Title — Authors, Publisher, 12 May 2025, links the article and names the other outlets', () => {
		const payload = renderAnswer(ANSWER, { answerId: '1' });
		expectWithinLimits(wire(payload));
		const [linked, plain] = payload.embeds[0]?.fields ?? [];
		expect(linked?.name).toBe('[1] Harbour [live] reopens — Jane Doe and John Roe, Coast Herald, 12 May 2025');
		expect(linked?.value.split('\n')[0]).toBe(`[coastherald.example ↗](${LINKED}) · also in: Reuters, Island Gazette`);
		expect(linked?.value).toContain('**[1]**');
		expect(plain?.name).toBe('[2] Budget passed');
		expect(plain?.value).toBe('> **[2]** (the whole passage is quoted above)');
		expectNoPreviews(payload);
	});

	it('links each passage embed to its article through the embed URL', () => {
		const [message] = renderPassages(ANSWER.citations);
		expect(message?.embeds.map((embed) => embed.url)).toEqual([
			'https://www.coastherald.example/news/harbour_%28update%29?id=7',
			undefined,
		]);
		expect(message?.embeds[0]?.footer?.text).toBe('Jane Doe and John Roe, Coast Herald, 12 May 2025 · harbour.html#0');
	});

	it('lists /sources with each title linked, its byline, passages and other outlets', () => {
		const payload = renderSources([SYNDICATED, PLAIN], 0);
		expect(payload.embeds[0]?.description).toBe(
			[
				`**1.** [Harbour \\[live\\] reopens](${LINKED})`,
				'Jane Doe and John Roe, Coast Herald, 12 May 2025 · 2 passages · also in: Reuters, Island Gazette',
				'',
				'**2.** Budget passed',
				'1 passage',
			].join('\n'),
		);
		expectNoPreviews(payload);
	});

	it('links the title under a /quote posted in the channel without letting Discord preview it', () => {
		const payload = renderQuote({ passage: HARBOUR, article: SYNDICATED });
		expect(payload.content.split('\n').at(-1)).toBe(
			`— *[Harbour \\[live\\] reopens](${LINKED})*, Jane Doe and John Roe, Coast Herald, 12 May 2025`,
		);
		expectNoPreviews(payload);
	});

	it('links the article in /search results, Find sources and the closest passages of an unanswered question', () => {
		const search = renderSearch('harbour', [retrieved(HARBOUR, SYNDICATED)]);
		expect(search.embeds[0]?.fields?.[0]?.value.split('\n')[0]).toContain(`(${LINKED})`);
		const found = renderFindSources('The harbour reopened.', ANSWER);
		expect(found.embeds[0]?.fields?.[0]?.value.split('\n')[0]).toContain(`(${LINKED})`);
		const notCovered: NotCovered = {
			kind: 'not_covered',
			reason: 'not_covered',
			question: 'Tides?',
			confidence: 0.1,
			related: [retrieved(HARBOUR, SYNDICATED)],
			retrieved: [retrieved(HARBOUR, SYNDICATED)],
			timings: { totalMs: 5 },
		};
		const refused = renderAnswer(notCovered, { answerId: '2' });
		expect(refused.embeds[0]?.fields?.[0]?.value.split('\n')[0]).toContain(`(${LINKED})`);
		for (const payload of [search, found, refused]) expectNoPreviews(payload);
	});

	it('links nothing that is not an http(s) address, and shows more than three other outlets as a count', () => {
		const hostile: ArticleSummary = {
			...SYNDICATED,
			url: 'javascript:alert(1)',
			alsoIn: ['AP', 'Reuters', 'AFP', 'Bloomberg', 'DPA'],
		};
		const payload = renderSources([hostile], 0);
		expect(payload.embeds[0]?.description).not.toContain('javascript');
		expect(payload.embeds[0]?.description).toContain('also in: AP, Reuters, AFP and 2 more');
		const [message] = renderPassages([{ n: 1, passage: HARBOUR, article: hostile, score: 1 }]);
		expect(message?.embeds[0]?.url).toBeUndefined();
	});
});
