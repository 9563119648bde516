import { describe, expect, it } from 'vitest';
import type { Answered, Citation, RetrievedPassage } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import { MAX_CHOICE_LENGTH, MAX_CHOICES, MAX_EMBED_DESCRIPTION } from '../../src/discord/limits.ts';
import {
	renderAnswer,
	renderChoices,
	renderNotice,
	renderPassages,
	renderQuote,
	renderSearch,
	renderSources,
	SOURCES_PER_PAGE,
	type Payload,
} from '../../src/discord/render.ts';
import { customIds, embedLength, expectWithinLimits, visibleText, type MessageBody } from './assertMessage.ts';

const BAIT = '@everyone <@123456789012345678> <@&123456789012345678> **loud** # heading';

function article(index: number, fields: Partial<ArticleSummary> = {}): ArticleSummary {
	return {
		file: `a${index}.txt`,
		title: `Article ${index}`,
		publisher: 'Gazette',
		date: '2024-05-06',
		passageCount: 3,
		...fields,
	};
}

function passage(index: number, text: string): Passage {
	return {
		id: `a${index}.txt#0`,
		file: `a${index}.txt`,
		ordinal: 0,
		start: 0,
		end: text.length,
		text,
		sentences: [[0, text.length]],
	};
}

function answered(sentences: readonly { text: string; n: number }[], citationCount: number): Answered {
	const citations: Citation[] = Array.from({ length: citationCount }, (_, index) => ({
		n: index + 1,
		passage: passage(index, `${'Long passage text. '.repeat(80)}${BAIT}`),
		article: article(index, { title: `${'Title '.repeat(60)}${BAIT}` }),
		score: 1,
	}));
	return {
		kind: 'answered',
		question: `${BAIT} ${'why '.repeat(200)}`,
		answer: sentences.map(({ text, n }) => `${text} [${n}]`).join(' '),
		sentences: sentences.map(({ text, n }) => ({ text, n, start: 0, end: text.length })),
		citations,
		retrieved: [],
		timings: { totalMs: 1_234 },
	};
}

/** What discord.js sends for a payload: the same fields under their API names. */
function wire(payload: Payload): MessageBody {
	return {
		...(payload.content === undefined ? {} : { content: payload.content }),
		embeds: payload.embeds,
		components: payload.components as MessageBody['components'],
		allowed_mentions: payload.allowedMentions,
	};
}

describe('renderAnswer', () => {
	it('keeps a huge answer with many citations within every Discord limit', () => {
		const sentences = Array.from({ length: 60 }, (_, index) => ({
			text: `Sentence number ${index} repeats words to be long enough to matter ${'filler '.repeat(20)}.`,
			n: (index % 8) + 1,
		}));
		const payload = renderAnswer(answered(sentences, 8), { answerId: '1'.repeat(19), isPrivate: true });
		expectWithinLimits(wire(payload));
		const [embed] = payload.embeds;
		expect(embed?.description?.endsWith('…')).toBe(true);
		expect(embed?.description).toMatch(/\[\d\]…$/);
		expect(embed?.fields).toHaveLength(8);
		expect(embedLength(embed!)).toBeLessThanOrEqual(6_000);
	});

	it('escapes the question and corpus text and neutralises mentions', () => {
		const payload = renderAnswer(answered([{ text: `Quoted ${BAIT}.`, n: 1 }], 1), { answerId: '1', isPrivate: false });
		const text = visibleText(wire(payload));
		expect(text).not.toMatch(/@everyone|<@&?\d+>/);
		expect(text).toContain('\\*\\*loud\\*\\*');
		expect(payload.allowedMentions).toEqual({ parse: [] });
	});

	it('offers Post to channel only on a private answer, and attributes a re-post to the asker', () => {
		const result = answered([{ text: 'Fact.', n: 1 }], 1);
		expect(customIds(wire(renderAnswer(result, { answerId: '9', isPrivate: false })))).toEqual([
			'ask:passages:9',
			'ask:up:9',
			'ask:down:9',
		]);
		expect(customIds(wire(renderAnswer(result, { answerId: '9', isPrivate: true })))).toContain('ask:post:9');
		const reposted = renderAnswer(result, { answerId: '9', isPrivate: false, askedBy: '42' });
		expect(reposted.content).toBe('Asked by <@42>');
		expect(reposted.allowedMentions).toEqual({ parse: [] });
	});

	it('says plainly when the corpus does not cover the question and lists the closest articles once each', () => {
		const related: RetrievedPassage[] = [0, 0, 1].map((index) => ({
			passage: passage(index, 'text'),
			article: article(index),
			score: 1,
			similarity: 0.1,
			sentenceSimilarities: [0.1],
		}));
		const payload = renderAnswer(
			{ kind: 'not_covered', question: 'Unrelated?', related, retrieved: related, timings: { totalMs: 5 } },
			{ answerId: '1', isPrivate: false },
		);
		const description = payload.embeds[0]?.description ?? '';
		expect(description).toMatch(/do not cover this/);
		expect(description.match(/Article 0/g)).toHaveLength(1);
		expect(description).toContain('Article 1 — Gazette, 2024-05-06');
		expect(customIds(wire(payload))).toEqual(['ask:up:1', 'ask:down:1']);
	});
});

describe('renderPassages', () => {
	it('splits long passages over several messages, each within the limits', () => {
		const citations: Citation[] = Array.from({ length: 12 }, (_, index) => ({
			n: index + 1,
			passage: passage(index, 'word '.repeat(1_000)),
			article: article(index),
			score: 1,
		}));
		const payloads = renderPassages(citations);
		expect(payloads.length).toBeGreaterThan(1);
		for (const payload of payloads) expectWithinLimits(wire(payload));
		expect(payloads.flatMap((payload) => payload.embeds)).toHaveLength(12);
		expect(payloads[0]?.embeds[0]?.description?.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
	});
});

describe('renderSources', () => {
	const articles = Array.from({ length: 23 }, (_, index) => article(index));

	it('pages the articles with previous and next buttons, disabled at the ends', () => {
		const first = renderSources(articles, 0);
		expectWithinLimits(wire(first));
		expect(first.embeds[0]?.footer?.text).toBe('Page 1 of 3');
		const buttons = first.components[0]?.components ?? [];
		expect(buttons.map((button) => ('custom_id' in button ? button.custom_id : ''))).toEqual([
			'sources:page:-1',
			'sources:page:1',
		]);
		expect(buttons.map((button) => button.disabled)).toEqual([true, false]);
		expect(first.embeds[0]?.description?.match(/^\*\*\d+\.\*\*/gm)).toHaveLength(SOURCES_PER_PAGE);
	});

	it('clamps a page past the end to the last page', () => {
		expect(renderSources(articles, 99).embeds[0]?.footer?.text).toBe('Page 3 of 3');
		expect(renderSources([], 0).embeds[0]?.description).toBe('The index has no articles yet.');
		expect(renderSources(articles.slice(0, 3), 0).components).toEqual([]);
	});
});

describe('renderQuote and renderSearch', () => {
	it('quotes a very long passage within 2000 characters, every line a block quote', () => {
		const payload = renderQuote({ passage: passage(1, `${'Sentence. '.repeat(150)}\n\n${BAIT}`), article: article(1) });
		expectWithinLimits(wire(payload));
		const lines = payload.content?.split('\n') ?? [];
		expect(lines.slice(0, -1).every((line) => line.startsWith('> '))).toBe(true);
		expect(lines.at(-1)).toBe('— *Article 1*, Gazette, 2024-05-06');
	});

	it('renders an empty search as a sentence, not an empty embed', () => {
		expect(renderSearch('nothing', []).embeds[0]?.description).toBe('Nothing in the corpus matches that.');
	});
});

describe('renderChoices and renderNotice', () => {
	it('returns at most 25 choices with names and values of at most 100 characters', () => {
		const choices = renderChoices(
			Array.from({ length: 40 }, (_, index) => ({
				name: `name ${'x'.repeat(200)}`,
				value: index === 0 ? 'v'.repeat(101) : `v${index}`,
			})),
		);
		expect(choices).toHaveLength(MAX_CHOICES);
		expect(
			choices.every(({ name, value }) => name.length <= MAX_CHOICE_LENGTH && value.length <= MAX_CHOICE_LENGTH),
		).toBe(true);
		expect(choices[0]?.value).toBe('v1');
	});

	it('rounds the retry time up to whole seconds', () => {
		expect(renderNotice({ kind: 'rate_limited', retryAfterMs: 1_200 }).content).toBe(
			'You are asking quickly. Try again in 2 s.',
		);
	});
});
