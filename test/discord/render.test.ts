import { describe, expect, it } from 'vitest';
import type { Answered, AnswerSentence, Citation, RetrievedPassage } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import { MAX_CHOICE_LENGTH, MAX_CHOICES, MAX_EMBED_DESCRIPTION } from '../../src/discord/limits.ts';
import {
	renderAnswer,
	renderChoices,
	renderHelp,
	renderNotice,
	renderPassageChoices,
	renderPassages,
	renderQuote,
	renderSearch,
	renderSources,
	renderThreadName,
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

/** A passage of whole sentences at `start` in its article, with exact offsets. */
function passage(index: number, sentences: readonly string[], start = 100): Passage {
	const spans: [number, number][] = [];
	let at = start;
	for (const sentence of sentences) {
		spans.push([at, at + sentence.length]);
		at += sentence.length + 1;
	}
	return {
		id: `a${index}.txt#0`,
		file: `a${index}.txt`,
		ordinal: 0,
		start,
		end: at - 1,
		text: sentences.join(' '),
		sentences: spans,
	};
}

/** The answer sentence that quotes sentence `which` of a passage. */
function quote(source: Passage, which: number, n: number): AnswerSentence {
	const [start, end] = source.sentences[which]!;
	return { text: source.text.slice(start - source.start, end - source.start), n, start, end };
}

function answered(sentences: readonly AnswerSentence[], citations: readonly Citation[], retrieved = 8): Answered {
	return {
		kind: 'answered',
		question: 'What happened?',
		answer: sentences.map(({ text, n }) => `${text} [${n}]`).join(' '),
		sentences,
		citations,
		retrieved: Array.from({ length: retrieved }, () => retrieval(citations[0]!.passage, citations[0]!.article, [])),
		confidence: 0.9,
		timings: { totalMs: 60 },
	};
}

function retrieval(source: Passage, from: ArticleSummary, sentenceSimilarities: readonly number[]): RetrievedPassage {
	return { passage: source, article: from, score: 1, similarity: 0.5, sentenceSimilarities };
}

/** Eight sources of three long sentences each, and an answer of `count` sentences quoting their middle sentences. */
function longAnswer(count: number, sources = 8, titleLength = 10): Answered {
	const citations: Citation[] = Array.from({ length: sources }, (_, index) => ({
		n: index + 1,
		passage: passage(index, [
			`Before ${index} ${'context '.repeat(30)}ends here.`,
			`Quoted ${index} ${'evidence '.repeat(60)}ends here.`,
			`After ${index} ${'context '.repeat(30)}ends here.`,
		]),
		article: article(index, { title: `Title ${index} ${'word '.repeat(titleLength)}` }),
		score: 1,
	}));
	const sentences = Array.from({ length: count }, (_, index) =>
		quote(citations[index % sources]!.passage, 1, (index % sources) + 1),
	);
	return answered(sentences, citations);
}

/** What discord.js sends for a payload: the same fields under their API names. */
function wire(payload: Payload): MessageBody {
	return {
		content: payload.content,
		embeds: payload.embeds,
		components: payload.components as MessageBody['components'],
		allowed_mentions: payload.allowedMentions,
	};
}

/** The [n] markers of the description and of the field names agree, and no kept sentence is cut. */
function expectMarkersMatchSources(payload: Payload, result: Answered): void {
	const [embed] = payload.embeds;
	const description = embed?.description ?? '';
	const markers = new Set([...description.matchAll(/\[(\d+)\]/g)].map((match) => match[1]));
	const sources = new Set((embed?.fields ?? []).map((field) => /^\[(\d+)\]/.exec(field.name)?.[1]));
	expect([...markers].sort()).toEqual([...sources].sort());
	const kept = description.replace(/ …$/, '').split(/(?<=\[\d+\]) /);
	for (const sentence of kept) {
		expect(result.sentences.map(({ text, n }) => `${text} [${n}]`)).toContain(sentence);
	}
}

describe('renderAnswer', () => {
	it('shows a language model summary above the quotes, marked as such, with the sources of both', () => {
		const bridge = passage(0, ['The council approved the bridge.', `Work starts in May ${BAIT}.`]);
		const library = passage(1, ['The library opens on Sundays.']);
		const result: Answered = {
			...answered(
				[quote(bridge, 1, 1), quote(library, 0, 2)],
				[
					{ n: 1, passage: bridge, article: article(0), score: 1 },
					{ n: 2, passage: library, article: article(1), score: 1 },
				],
			),
			composer: 'llm',
			summary: [{ text: 'Work on the bridge starts in May, and the library opens on Sundays.', citations: [1, 2] }],
		};
		const payload = renderAnswer(result, { answerId: '1' });
		expectWithinLimits(wire(payload));
		const [embed] = payload.embeds;
		const [summary, quotes] = (embed?.description ?? '').split('\n\n');
		expect(summary).toBe(
			'**Summary** *(written by a language model; every word is in the quotes it cites)*\n' +
				'Work on the bridge starts in May, and the library opens on Sundays. [1][2]',
		);
		expect(quotes).toMatch(
			/^\*\*Quoted from the articles\*\*\nWork starts in May .* \[1\] The library opens on Sundays\. \[2\]$/su,
		);
		expect(quotes).not.toMatch(/@everyone|<@&?\d+>/);
		expect(embed?.fields?.map((field) => field.name.slice(0, 3))).toEqual(['[1]', '[2]']);
		expect(embed?.footer?.text).toMatch(/ · read by a language model$/);
	});

	it('keeps the source of every summary marker when the quotes are cut to fit', () => {
		const result: Answered = {
			...longAnswer(60),
			composer: 'llm',
			summary: [{ text: 'Evidence was quoted.', citations: [8] }],
		};
		const payload = renderAnswer(result, { answerId: '1' });
		expectWithinLimits(wire(payload));
		const [embed] = payload.embeds;
		expect(embed?.description).toMatch(/^\*\*Summary\*\*.*\nEvidence was quoted\. \[8\]\n/su);
		const sources = (embed?.fields ?? []).map((field) => /^\[(\d+)\]/.exec(field.name)?.[1]);
		const markers = new Set([...(embed?.description ?? '').matchAll(/\[(\d+)\]/g)].map((match) => match[1]));
		expect(sources).toContain('8');
		expect([...markers].sort()).toEqual([...sources].sort());
	});

	it('says when the quotes stand in for a language model that failed', () => {
		const result: Answered = { ...longAnswer(1, 1), composer: 'extractive', fallback: 'timeout' };
		expect(renderAnswer(result, { answerId: '1' }).embeds[0]?.footer?.text).toMatch(
			/ · quoted directly: the language model timed out$/,
		);
		expect(renderAnswer(result, { answerId: '1' }).embeds[0]?.description).not.toContain('Summary');
	});

	it('cuts a long answer at whole sentences and shows exactly the sources of the sentences kept', () => {
		const result = longAnswer(60);
		const payload = renderAnswer(result, { answerId: '1'.repeat(19), offerPost: true });
		expectWithinLimits(wire(payload));
		const [embed] = payload.embeds;
		expect(embed?.description).toMatch(/\[\d\] …$/);
		expectMarkersMatchSources(payload, result);
		expect(embedLength(embed!)).toBeLessThanOrEqual(6_000);
	});

	it('drops sentences, not just sources, when the sources alone would overflow the message', () => {
		const result = longAnswer(25, 25, 40);
		const payload = renderAnswer(result, { answerId: '1' });
		expectWithinLimits(wire(payload));
		expect(payload.embeds[0]?.fields?.length).toBeLessThan(25);
		expectMarkersMatchSources(payload, result);
	});

	it('shows each source as title, publisher and date with the passage around the quote, not the quote again', () => {
		const source = passage(0, [
			'It rained all week in the port.',
			`The council voted to rebuild ${BAIT}.`,
			'Work starts in May.',
		]);
		const first = passage(1, ['The mayor resigned on Friday.', 'A new election is due.']);
		const result = answered(
			[quote(source, 1, 1), quote(first, 0, 2)],
			[
				{ n: 1, passage: source, article: article(0), score: 1 },
				{ n: 2, passage: first, article: article(1, { publisher: undefined }), score: 1 },
			],
		);
		const [embed] = renderAnswer(result, { answerId: '1' }).embeds;
		const [middle, opening] = embed?.fields ?? [];
		expect(middle?.name).toBe('[1] Article 0 — Gazette, 6 May 2024');
		expect(middle?.value).toBe('> It rained all week in the port. **[1]** Work starts in May.');
		expect(opening?.name).toBe('[2] Article 1 — 6 May 2024');
		expect(opening?.value).toBe('> **[2]** A new election is due.');
		expect(embed?.footer?.text).toBe('2 sources · 8 passages searched · confidence 90% · 0.06 s');
		const text = visibleText(wire(renderAnswer(result, { answerId: '1' })));
		expect(text).not.toMatch(/@everyone|<@&?\d+>/);
		expect(text).toContain('\\*\\*loud\\*\\*');
	});

	it('says "1 source" for a single source', () => {
		const source = passage(0, ['Only sentence here.']);
		const result = answered([quote(source, 0, 1)], [{ n: 1, passage: source, article: article(0), score: 1 }], 1);
		expect(renderAnswer(result, { answerId: '1' }).embeds[0]?.footer?.text).toBe(
			'1 source · 1 passage searched · confidence 90% · 0.06 s',
		);
	});

	it("shows the standalone question a follow-up was searched for as the footer's first line, only when there is one", () => {
		const source = passage(0, ['Only sentence here.']);
		const result = answered([quote(source, 0, 1)], [{ n: 1, passage: source, article: article(0), score: 1 }], 1);
		const searchedFor = `What did Beijing say about the fentanyl talks? ${BAIT}`;
		const [embed] = renderAnswer({ ...result, searchedFor }, { answerId: '1' }).embeds;
		expect(embed?.title).toBe(result.question);
		expect(embed?.footer?.text).toBe(
			`Searched for: ${searchedFor}\n1 source · 1 passage searched · confidence 90% · 0.06 s`,
		);
		expect(renderAnswer(result, { answerId: '1' }).embeds[0]?.footer?.text).not.toContain('Searched for');
		const long = renderAnswer({ ...result, searchedFor: 'why '.repeat(500) }, { answerId: '1' });
		expect(long.embeds[0]?.footer?.text.split('\n')[0]?.length).toBeLessThanOrEqual(320);
		expectWithinLimits(wire(long));
	});

	it('offers Post to channel only on a private answer, and attributes the public copy to the asker', () => {
		const result = longAnswer(1, 1);
		expect(customIds(wire(renderAnswer(result, { answerId: '9' })))).toEqual([
			'ask:passages:9',
			'ask:up:9',
			'ask:down:9',
		]);
		expect(customIds(wire(renderAnswer(result, { answerId: '9', offerPost: true })))).toContain('ask:post:9');
		const posted = renderAnswer(result, { answerId: '9', offerPost: true, posted: true });
		expect(customIds(wire(posted))).not.toContain('ask:post:9');
		expect(posted.content).toBe('Posted to the channel.');
		const copy = renderAnswer(result, { answerId: '9', askedBy: '42' });
		expect(copy.content).toBe('Asked by <@42>');
		expect(copy.allowedMentions).toEqual({ parse: [] });
	});

	it('offers Follow up as a labelled button when asked to, after the votes', () => {
		const buttons = renderAnswer(longAnswer(1, 1), { answerId: '9', offerFollowUp: true }).components.flatMap(
			(row) => row.components,
		);
		expect(buttons.at(-1)).toMatchObject({ custom_id: 'ask:followup:9', label: 'Follow up' });
	});

	it('when the corpus does not cover the question, says so, suggests what to try and shows the closest passage of each article', () => {
		const closest = passage(0, ['Nothing relevant.', 'The breakwater was rebuilt in 1990.', 'Unrelated ending.']);
		const related: RetrievedPassage[] = [
			retrieval(closest, article(0), [0.1, 0.4, 0.2]),
			retrieval(passage(0, ['Second best of the same article.']), article(0), [0.3]),
			retrieval(passage(1, ['Other article text.']), article(1), [0.2]),
		];
		const payload = renderAnswer(
			{
				kind: 'not_covered',
				reason: 'not_covered',
				confidence: 0.1,
				question: 'Unrelated?',
				related,
				retrieved: related,
				timings: { totalMs: 5 },
			},
			{ answerId: '1' },
		);
		const [embed] = payload.embeds;
		expect(embed?.description).toMatch(/do not cover this/);
		expect(embed?.description).toContain('Try rephrasing, or narrow with `source:`.');
		expect(embed?.fields?.map((field) => field.name)).toEqual([
			'Article 0 — Gazette, 6 May 2024',
			'Article 1 — Gazette, 6 May 2024',
		]);
		expect(embed?.fields?.[0]?.value).toContain('The breakwater was rebuilt in 1990.');
		expect(customIds(wire(payload))).toEqual(['ask:up:1', 'ask:down:1']);
	});

	it('shows a middle-band result as the closest the articles come, never as an answer', () => {
		const source = passage(0, ['The port closed in May.', 'It reopened later.']);
		const result = {
			...answered([quote(source, 0, 1)], [{ n: 1, passage: source, article: article(0), score: 1 }], 1),
			kind: 'uncertain' as const,
			confidence: 0.31,
		};
		const [embed] = renderAnswer(result, { answerId: '1' }).embeds;
		expect(embed?.description).toBe(
			'*The articles may not answer this directly. The closest they come:*\nThe port closed in May. [1]',
		);
		expect(embed?.color).not.toBe(renderAnswer({ ...result, kind: 'answered' }, { answerId: '1' }).embeds[0]?.color);
		expect(embed?.footer?.text).toContain('confidence 31%');
	});

	it('says it reads only English when the question is in another language', () => {
		const payload = renderAnswer(
			{
				kind: 'not_covered',
				reason: 'unsupported_language',
				confidence: 0,
				question: '¿Qué dijo Trump?',
				related: [],
				retrieved: [],
				timings: { totalMs: 5 },
			},
			{ answerId: '1' },
		);
		expect(payload.embeds[0]?.description).toMatch(/^I can only read questions in English/u);
		expect(payload.embeds[0]?.description).not.toMatch(/do not cover/u);
	});
});

describe('renderPassages', () => {
	it('splits long passages over several messages, each within the limits', () => {
		const citations: Citation[] = Array.from({ length: 12 }, (_, index) => ({
			n: index + 1,
			passage: passage(index, ['word '.repeat(1_000)]),
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

describe('renderSources and renderHelp', () => {
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

	it('names a few articles in /help and points to /sources for the rest', () => {
		const corpus = renderHelp({ articles: 23, passages: 69 }, articles).embeds[0]?.fields?.[1]?.value ?? '';
		expect(corpus.split('\n')).toHaveLength(6);
		expect(corpus).toMatch(/and 18 more — see \/sources$/);
		expect(renderHelp({ articles: 2, passages: 6 }, articles.slice(0, 2)).embeds[0]?.fields?.[1]?.value).not.toMatch(
			/more/,
		);
	});
});

describe('renderQuote and renderSearch', () => {
	it('quotes a very long passage within 2000 characters, every line a block quote', () => {
		const payload = renderQuote({
			passage: passage(1, [`${'Sentence. '.repeat(150)}\n\n${BAIT}`]),
			article: article(1),
		});
		expectWithinLimits(wire(payload));
		const lines = payload.content.split('\n');
		expect(lines.slice(0, -1).every((line) => line.startsWith('> '))).toBe(true);
		expect(lines.at(-1)).toBe('— *Article 1*, Gazette, 6 May 2024');
	});

	it('shows the part of each passage around its best-matching sentence, with a ref /quote accepts', () => {
		const filler = Array.from({ length: 12 }, (_, index) => `Filler sentence number ${index} says little of note.`);
		const later = filler.map((sentence) => sentence.replace('Filler', 'Later'));
		const long = passage(3, [...filler, 'The harbour breakwater failed in the storm.', ...later]);
		const similarities = long.sentences.map((_, index) => (index === 12 ? 0.9 : 0.1));
		const payload = renderSearch('breakwater', [retrieval(long, article(3), similarities)]);
		expectWithinLimits(wire(payload));
		const value = payload.embeds[0]?.fields?.[0]?.value ?? '';
		expect(value).toMatch(/^> ….*The harbour breakwater failed in the storm\..* …\n/);
		expect(value).not.toContain('Filler sentence number 0 ');
		expect(value).not.toContain('Later sentence number 11 ');
		expect(value).toContain('Ref: `a3.txt#0`');
		expect(payload.embeds[0]?.footer?.text).toContain('/quote passage:');
	});

	it('renders an empty search as a sentence, not an empty embed', () => {
		expect(renderSearch('nothing', []).embeds[0]?.description).toBe('Nothing in the corpus matches that.');
	});
});

describe('choices and notices', () => {
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

	it('names passage choices by their text from the first typed word, then a short title, within 100 characters', () => {
		const from = article(1, {
			title: 'A very long headline about the harbour council and its many decisions this year',
		});
		const opening = passage(1, [
			`The council met on Tuesday. It voted to rebuild the breakwater ${'and more '.repeat(20)}.`,
		]);
		const other = {
			...passage(1, ['The breakwater vote was 7 to 2, and one member abstained from it.']),
			id: 'a1.txt#1',
		};
		const choices = renderPassageChoices(
			[
				{ passage: opening, article: from },
				{ passage: other, article: from },
			],
			'breakw',
		);
		for (const { name } of choices) {
			expect(name.length).toBeLessThanOrEqual(MAX_CHOICE_LENGTH);
			expect(name).toMatch(/ — A very long headline about the…$/);
		}
		expect(choices[0]?.name).toMatch(/^…breakwater and more and more .*… — /);
		expect(choices[1]?.name).toMatch(/^…breakwater vote was 7 to 2, and one member abstained from it\. — /);
		expect(new Set(choices.map(({ name }) => name)).size).toBe(2);
	});

	it('names a thread after its question on one line, within the 100 characters Discord allows', () => {
		expect(renderThreadName('What did\nTrump press   Xi to curb?')).toBe('What did Trump press Xi to curb?');
		const long = renderThreadName(`Why ${'really '.repeat(40)}?`);
		expect(long.length).toBeLessThanOrEqual(100);
		expect(long.startsWith('Why really really')).toBe(true);
	});

	it('says when an answer has expired and for how long answers are kept', () => {
		expect(renderNotice({ kind: 'answer_expired', retentionDays: 90 }).content).toBe(
			'This answer has expired: answers are kept for 90 days. Ask again with /ask.',
		);
	});

	it('rounds the retry time up to whole seconds', () => {
		expect(renderNotice({ kind: 'rate_limited', retryAfterMs: 1_200 }).content).toBe(
			'You are asking quickly. Try again in 2 s.',
		);
	});
});
