import {
	ButtonStyle,
	ComponentType,
	type APIActionRowComponent,
	type APIApplicationCommandOptionChoice,
	type APIButtonComponent,
	type APIEmbed,
	type APIEmbedField,
	type MessageMentionOptions,
} from 'discord.js';
import type {
	AnswerResult,
	AnswerSentence,
	Citation,
	FallbackReason,
	NotCovered,
	QuotedResult,
	RetrievedPassage,
} from '../answer/types.ts';
import type { ArticleSummary, Passage } from '../corpus/types.ts';
import type { AddResult } from '../engine/addDocument.ts';
import type { IngestSummary, PassageMatch } from '../engine/Engine.ts';
import { articleUrl, bylineParts } from '../text/byline.ts';
import { encodeCustomId } from './customId.ts';
import {
	MAX_ACTION_ROWS,
	MAX_BUTTON_LABEL,
	MAX_BUTTONS_PER_ROW,
	MAX_CHOICE_LENGTH,
	MAX_CHOICES,
	MAX_CONTENT,
	MAX_EMBED_DESCRIPTION,
	MAX_EMBED_FIELDS,
	MAX_EMBED_FOOTER,
	MAX_EMBED_TITLE,
	MAX_EMBEDS,
	MAX_EMBEDS_TOTAL,
	MAX_FIELD_NAME,
	MAX_FIELD_VALUE,
	MAX_THREAD_NAME,
} from './limits.ts';
import { escapeText, oneLine, truncate, truncateStart } from './text.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** Everything the bot sends is one of these; `content` is always set, so an edit replaces earlier text; mentions are never parsed. */
export interface Payload {
	readonly content: string;
	readonly embeds: APIEmbed[];
	readonly components: ButtonRow[];
	readonly allowedMentions: MessageMentionOptions;
}

export type Notice =
	| { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
	| { readonly kind: 'failed'; readonly ref: string; readonly sentence: string }
	| { readonly kind: 'expired' }
	| { readonly kind: 'feedback_recorded' }
	| { readonly kind: 'feedback_repeated' }
	| { readonly kind: 'not_asker' }
	| { readonly kind: 'already_posted' }
	| { readonly kind: 'shutting_down' }
	| { readonly kind: 'unknown_command' }
	| { readonly kind: 'no_text' }
	| { readonly kind: 'no_passage_match'; readonly typed: string }
	| { readonly kind: 'passage_gone' }
	| { readonly kind: 'answer_expired'; readonly retentionDays?: number }
	| { readonly kind: 'thread_opened'; readonly threadId: string }
	| { readonly kind: 'thread_exists'; readonly threadId?: string }
	| { readonly kind: 'in_thread' }
	| { readonly kind: 'empty_mention' }
	| { readonly kind: 'add_needs_one' };

export interface AnswerView {
	/** Id under which the answer is remembered; its buttons carry it. */
	readonly answerId: string;
	/** A private answer not yet posted: offers Post to channel. */
	readonly offerPost?: boolean;
	/** The private answer after it was posted. */
	readonly posted?: boolean;
	/** The public copy of a private answer: the user who asked. */
	readonly askedBy?: string;
	/** A public answer outside a thread: offers Follow up, which opens a thread on it. */
	readonly offerFollowUp?: boolean;
}

export const SOURCES_PER_PAGE = 10;

const COLOR_ANSWER = 0x5865f2;
const COLOR_NOT_COVERED = 0x99aab5;
const COLOR_UNCERTAIN = 0xfee75c;
const COLOR_PASSAGE = 0x57f287;
const CONTEXT_LENGTH = 160;
const EXCERPT_LENGTH = 400;
const CLAIM_LENGTH = 300;
const CLOSEST_ARTICLES = 3;
const HELP_TITLES = 5;
const CHOICE_TITLE_LENGTH = 32;
const DESCRIPTION_RESERVE = 1_500;
const PROBLEMS_SHOWN = 10;
const QUOTE_PREFIX = '> ';
const TITLE_SEPARATOR = ' — ';
const CONTINUED = ' …';
/** Longest article address linked; a longer one is left out rather than cut. */
const MAX_LINK_URL = 1_000;
const ALSO_IN_SHOWN = 3;

export function renderAnswer(result: AnswerResult, view: AnswerView): Payload {
	const embed = result.kind === 'not_covered' ? notCoveredEmbed(result) : quotedEmbed(result);
	const buttons: APIButtonComponent[] = [];
	if (result.kind !== 'not_covered') buttons.push(answerButton(view, 'passages', 'Show passages'));
	buttons.push(answerButton(view, 'up', undefined, '👍'), answerButton(view, 'down', undefined, '👎'));
	if (view.offerPost === true && view.posted !== true) {
		buttons.push(answerButton(view, 'post', 'Post to channel', undefined, ButtonStyle.Primary));
	}
	if (view.offerFollowUp === true) buttons.push(answerButton(view, 'followup', 'Follow up'));
	const content =
		view.askedBy !== undefined ? `Asked by <@${view.askedBy}>` : view.posted === true ? 'Posted to the channel.' : '';
	return payload({ content, embeds: [embed], components: rows(buttons) });
}

/** The full text of each cited passage, split over as many messages as Discord's limits need. */
export function renderPassages(citations: readonly Citation[]): Payload[] {
	const embeds = citations.map(({ n, passage, article }): APIEmbed => ({
		color: COLOR_PASSAGE,
		title: `[${n}] ${escapeText(oneLine(article.title))}`,
		...(linkUrl(article) === undefined ? {} : { url: linkUrl(article) }),
		description: escapeText(passage.text),
		footer: { text: [sourceLine(article), passage.id].filter(Boolean).join(' · ') },
	}));
	return packEmbeds(embeds).map((group) => payload({ embeds: group }));
}

/** Each passage as the part around its best-matching sentence, with the ref `/quote` accepts. */
export function renderSearch(query: string, results: readonly RetrievedPassage[]): Payload {
	const fields = results.map(({ passage, article, sentenceSimilarities }, index) => ({
		name: truncate(`${index + 1}. ${heading(article)}`, MAX_FIELD_NAME),
		value: `${linkLine(article, '\n')}${QUOTE_PREFIX}${escapeText(excerptAround(passage, bestSentence(sentenceSimilarities), EXCERPT_LENGTH))}\nRef: \`${passage.id}\``,
	}));
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_PASSAGE,
				title: `Passages for “${escapeText(oneLine(query))}”`,
				description: results.length === 0 ? 'Nothing in the corpus matches that.' : undefined,
				fields,
				footer:
					results.length === 0 ? undefined : { text: 'To post one in the conversation: /quote passage:<its ref>' },
			}),
		],
	});
}

function sourcesPageCount(articles: readonly ArticleSummary[]): number {
	return Math.max(1, Math.ceil(articles.length / SOURCES_PER_PAGE));
}

export function renderSources(articles: readonly ArticleSummary[], requestedPage: number): Payload {
	const pages = sourcesPageCount(articles);
	const page = Math.min(Math.max(0, requestedPage), pages - 1);
	const first = page * SOURCES_PER_PAGE;
	const lines = articles.slice(first, first + SOURCES_PER_PAGE).map((article, index) => {
		const details = [sourceLine(article), plural(article.passageCount, 'passage'), alsoIn(article)]
			.filter(Boolean)
			.join(' · ');
		return `**${first + index + 1}.** ${linkedTitle(article)}\n${details}`;
	});
	const buttons: APIButtonComponent[] =
		pages === 1
			? []
			: [pageButton('◀ Previous', page - 1, page === 0), pageButton('Next ▶', page + 1, page === pages - 1)];
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_ANSWER,
				title: `Sources in the index (${articles.length})`,
				description: lines.length === 0 ? 'The index has no articles yet.' : lines.join('\n\n'),
				footer: { text: `Page ${page + 1} of ${pages}` },
			}),
		],
		components: rows(buttons),
	});
}

export function renderQuote({ passage, article }: PassageMatch): Payload {
	const details = sourceLine(article);
	const citation = `— *${linkedTitle(article)}*${details === '' ? '' : `, ${details}`}`;
	const text = escapeText(passage.text.trim());
	const room = MAX_CONTENT - citation.length - 1 - QUOTE_PREFIX.length * text.split('\n').length;
	return payload({ content: `${blockQuote(truncate(text, room))}\n${citation}` });
}

/** Autocomplete choices for passages: the text from the first word matching what was typed, then a short title. */
export function renderPassageChoices(
	matches: readonly PassageMatch[],
	typed: string,
): APIApplicationCommandOptionChoice<string>[] {
	return renderChoices(
		matches.map(({ passage, article }) => {
			const title = `${TITLE_SEPARATOR}${truncate(oneLine(article.title), CHOICE_TITLE_LENGTH)}`;
			const text = oneLine(passage.text);
			const at = firstMatchingWord(text, typed);
			const from = at === 0 ? text : `…${text.slice(at)}`;
			return { name: `${truncate(from, MAX_CHOICE_LENGTH - title.length)}${title}`, value: passage.id };
		}),
	);
}

export function renderFindSources(claim: string, result: AnswerResult): Payload {
	const description = `${QUOTE_PREFIX}${truncate(escapeText(oneLine(claim)), CLAIM_LENGTH)}`;
	if (result.kind === 'not_covered') {
		return payload({
			embeds: [
				fitEmbed({
					color: COLOR_NOT_COVERED,
					title: 'No sources found',
					description: `${description}\n\nThe corpus has nothing on this.`,
				}),
			],
		});
	}
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_PASSAGE,
				title: 'Sources for this message',
				description,
				fields: result.citations.map((citation) => ({
					name: truncate(`[${citation.n}] ${heading(citation.article)}`, MAX_FIELD_NAME),
					value: `${linkLine(citation.article, '\n')}${QUOTE_PREFIX}${truncate(escapeText(oneLine(quotedText(result, citation.n))), EXCERPT_LENGTH)}`,
				})),
			}),
		],
	});
}

export function renderReindexProgress(done: number, total: number): Payload {
	return payload({
		content: `Rebuilding the index… ${done} of ${total} done. Answers keep coming from the old index.`,
	});
}

/** The rebuild's counts; `requestedBy` when it is posted in the channel instead of in the private reply. */
export function renderReindexed(summary: IngestSummary, requestedBy?: string): Payload {
	const problems = summary.problems
		.slice(0, PROBLEMS_SHOWN)
		.map(({ file, reason }) => `${escapeText(file)}: ${escapeText(reason)}`);
	return payload({
		content: requestedBy === undefined ? '' : `The index rebuild <@${requestedBy}> started has finished.`,
		embeds: [
			fitEmbed({
				color: summary.problems.length === 0 ? COLOR_PASSAGE : COLOR_NOT_COVERED,
				title: 'Index rebuilt',
				description: [
					`${summary.files} articles, ${summary.passages} passages.`,
					`${summary.embedded} passages embedded, ${summary.reused} reused, ${summary.removed} removed.`,
					`Took ${summary.seconds.toFixed(1)} s; answers now come from the new index.`,
				].join('\n'),
				fields:
					problems.length === 0
						? []
						: [{ name: `Skipped files (${summary.problems.length})`, value: problems.join('\n') }],
			}),
		],
	});
}

/** What /add did: the article as it will be cited, with its passage count; or why nothing was added. */
export function renderAdded(result: AddResult): Payload {
	if (result.kind === 'refused') {
		return payload({ content: escapeText(`Not added: ${oneLine(result.reason)}. The corpus is unchanged.`) });
	}
	const passages = result.articles.reduce((sum, article) => sum + article.passageCount, 0);
	const fields = result.articles.map((article) => ({
		name: truncate(escapeText(oneLine(article.title)), MAX_FIELD_NAME),
		value: [
			sourceLine(article) || 'No author, publisher or date found.',
			linkLine(article, ''),
			plural(article.passageCount, 'passage'),
		]
			.filter(Boolean)
			.join('\n'),
	}));
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_PASSAGE,
				title: result.articles.length === 1 ? 'Added to the corpus' : `Added ${result.articles.length} articles`,
				description: [
					`Indexed ${plural(passages, 'passage')} in ${result.seconds.toFixed(1)} s; /ask and /search use them now.`,
					`Saved as \`${result.file}\`.`,
				].join('\n'),
				fields,
			}),
		],
	});
}

export function renderHelp(
	stats: { readonly articles: number; readonly passages: number },
	articles: readonly ArticleSummary[],
): Payload {
	const titles = articles.slice(0, HELP_TITLES).map((article) => `• ${escapeText(oneLine(article.title))}`);
	if (articles.length > HELP_TITLES) titles.push(`…and ${articles.length - HELP_TITLES} more — see /sources`);
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_ANSWER,
				title: 'Footnote',
				description:
					'I answer questions from a fixed set of news articles, and every sentence I give you is quoted from one of them with a numbered footnote. If the articles do not cover a question, I say so instead of guessing.',
				fields: [
					{
						name: 'Commands',
						value: [
							'`/ask` a question; add `private` to see the answer alone first, then post it.',
							'`/search` the passages that match some words.',
							'`/sources` the articles I know.',
							'`/quote` a passage into the conversation.',
							'**Find sources** (right-click a message → Apps) checks a message against the articles.',
							'`/reindex` rebuilds the index from the corpus (Manage Server).',
							'`/add` a link or a file to the corpus (Manage Server).',
						].join('\n'),
					},
					{
						name: `Corpus: ${stats.articles} articles, ${stats.passages} passages`,
						value: titles.length === 0 ? 'No articles indexed yet.' : titles.join('\n'),
					},
				],
			}),
		],
	});
}

/** A thread's name: the question it follows up, on one line and within Discord's limit. */
export function renderThreadName(question: string): string {
	return truncate(oneLine(question), MAX_THREAD_NAME) || 'Follow-up';
}

export function renderNotice(notice: Notice): Payload {
	return payload({ content: noticeText(notice) });
}

export function renderChoices(
	choices: readonly { readonly name: string; readonly value: string }[],
): APIApplicationCommandOptionChoice<string>[] {
	return choices
		.filter(({ value }) => value.length > 0 && value.length <= MAX_CHOICE_LENGTH)
		.slice(0, MAX_CHOICES)
		.map(({ name, value }) => ({ name: truncate(oneLine(name), MAX_CHOICE_LENGTH) || value, value }));
}

function noticeText(notice: Notice): string {
	switch (notice.kind) {
		case 'rate_limited':
			return `You are asking quickly. Try again in ${Math.max(1, Math.ceil(notice.retryAfterMs / 1_000))} s.`;
		case 'failed':
			return `${notice.sentence} (ref ${notice.ref})`;
		case 'expired':
			return 'That answer is too old for this button. Run the command again.';
		case 'feedback_recorded':
			return 'Thanks, your feedback was recorded.';
		case 'feedback_repeated':
			return 'You already gave feedback on this answer; it counts once.';
		case 'not_asker':
			return 'Only the person who asked can post this answer. Run /ask yourself to get one you can post.';
		case 'already_posted':
			return 'This answer is already posted in the channel.';
		case 'shutting_down':
			return 'I am restarting. Try again in a moment.';
		case 'unknown_command':
			return 'That command is not available any more.';
		case 'no_text':
			return 'That message has no text to look up.';
		case 'no_passage_match':
			return `No passage matches “${truncate(escapeText(oneLine(notice.typed)), CLAIM_LENGTH)}”. Type a few words from it and pick one of the suggestions.`;
		case 'passage_gone':
			return 'That passage is not in the index any more. Type a few words from it and pick one of the suggestions.';
		case 'answer_expired':
			return `This answer has expired${notice.retentionDays === undefined ? '' : `: answers are kept for ${notice.retentionDays} days`}. Ask again with /ask.`;
		case 'thread_opened':
			return `Ask your follow-up in <#${notice.threadId}>: mention me there or use /ask in it.`;
		case 'thread_exists':
			return notice.threadId === undefined
				? 'This answer already has a thread. Ask your follow-up there: mention me or use /ask in it.'
				: `This answer already has a thread: <#${notice.threadId}>. Mention me there or use /ask in it.`;
		case 'in_thread':
			return 'We are already in a thread: mention me here or use /ask, and I will take the earlier questions into account.';
		case 'empty_mention':
			return 'Ask me a question after the mention, for example: what did Trump press Xi to curb?';
		case 'add_needs_one':
			return 'Give /add either a link (url:) or a file (file:), one of the two.';
	}
}

interface CitedSentence {
	readonly text: string;
	readonly n: number;
}

const UNCERTAIN_LEAD = 'The articles may not answer this directly. The closest they come:';
const SUMMARY_HEADING = '**Summary** *(written by a language model; every word is in the quotes it cites)*';
const QUOTES_HEADING = '**Quoted from the articles**';
const MAX_SUMMARY_CHARS = 1_200;

const FALLBACK_NOTES: Record<FallbackReason, string> = {
	timeout: 'the language model timed out',
	unreachable: 'the language model could not be reached',
	rate_limited: 'the language model is rate-limited',
	server_error: 'the language model failed',
	model_error: 'the language model failed',
	invalid_output: 'the language model gave an unusable reply',
	ids_out_of_range: 'the language model gave an unusable reply',
	busy: 'the language model was busy',
};

/** Longest standalone question shown under a follow-up's answer. */
const MAX_SEARCHED_FOR = 300;

/** The standalone question a follow-up was searched for, as the footer's first line, or ''. */
function searchedForLine(result: AnswerResult): string {
	return result.searchedFor === undefined
		? ''
		: `Searched for: ${truncate(oneLine(result.searchedFor), MAX_SEARCHED_FOR)}\n`;
}

/** How the result was composed, when a language model is configured: a footer part, or ''. */
function composerNote(result: AnswerResult): string {
	if (result.fallback !== undefined) return ` · quoted directly: ${FALLBACK_NOTES[result.fallback]}`;
	return result.composer === 'llm' ? ' · read by a language model' : '';
}

/** The verified summary sentences that fit, each with its markers, under a heading that says what they are. */
function summaryLead(
	result: QuotedResult,
	fieldsByN: ReadonlyMap<number, APIEmbedField>,
): { text: string; cites: number[] } {
	const lines: string[] = [];
	const cites = new Set<number>();
	let length = 0;
	for (const { text, citations } of result.summary ?? []) {
		if (!citations.every((n) => fieldsByN.has(n))) continue;
		const line = `${escapeText(oneLine(text))} ${citations.map((n) => `[${n}]`).join('')}`;
		if (length + line.length > MAX_SUMMARY_CHARS) break;
		length += line.length + 1;
		lines.push(line);
		for (const n of citations) cites.add(n);
	}
	if (lines.length === 0) return { text: '', cites: [] };
	return { text: `${SUMMARY_HEADING}\n${lines.join(' ')}\n\n${QUOTES_HEADING}\n`, cites: [...cites] };
}

function quotedEmbed(result: QuotedResult): APIEmbed {
	const fieldsByN = new Map(result.citations.map((citation) => [citation.n, sourceField(citation, result.sentences)]));
	const sentences: CitedSentence[] = result.sentences
		.filter(({ n }) => fieldsByN.has(n))
		.map(({ text, n }) => ({ text: escapeText(oneLine(text)), n }));
	const uncertain = result.kind === 'uncertain';
	const summary = summaryLead(result, fieldsByN);
	return fitCited(
		{
			color: uncertain ? COLOR_UNCERTAIN : COLOR_ANSWER,
			title: truncate(escapeText(oneLine(result.question)), MAX_EMBED_TITLE),
		},
		`${summary.text}${uncertain ? `*${UNCERTAIN_LEAD}*\n` : ''}`,
		sentences,
		fieldsByN,
		(sources) =>
			`${searchedForLine(result)}${plural(sources, 'source')} · ${plural(result.retrieved.length, 'passage')} searched · ${confidenceLabel(result.confidence)} · ${seconds(result.timings.totalMs)}${composerNote(result)}`,
		summary.cites,
	);
}

/**
 * The answer's leading sentences and exactly the sources they cite: trailing sentences go whole until the
 * description, the fields and the embed fit, so every [n] shown has its source and every source shown its [n].
 */
function fitCited(
	base: APIEmbed,
	lead: string,
	sentences: readonly CitedSentence[],
	fieldsByN: ReadonlyMap<number, APIEmbedField>,
	footer: (sources: number) => string,
	citedInLead: readonly number[] = [],
): APIEmbed {
	const build = (kept: number, lastText?: string): APIEmbed => {
		const shown = sentences.slice(0, kept);
		const cited = [...new Set([...citedInLead, ...shown.map(({ n }) => n)])].sort((a, b) => a - b);
		const fields = cited.map((n) => fieldsByN.get(n)).filter((field) => field !== undefined);
		const texts = shown.map(
			({ text, n }, index) => `${index === kept - 1 && lastText !== undefined ? lastText : text} [${n}]`,
		);
		return {
			...base,
			description: `${lead}${texts.join(' ')}${kept < sentences.length ? CONTINUED : ''}`,
			fields,
			footer: { text: footer(fields.length) },
		};
	};
	const fits = (embed: APIEmbed): boolean =>
		(embed.description?.length ?? 0) <= MAX_EMBED_DESCRIPTION &&
		(embed.fields?.length ?? 0) <= MAX_EMBED_FIELDS &&
		embedLength(embed) <= MAX_EMBEDS_TOTAL;
	if (sentences.length === 0) return { ...base, description: 'No answer sentences.', footer: { text: footer(0) } };
	for (let kept = sentences.length; kept >= 1; kept -= 1) {
		const embed = build(kept);
		if (fits(embed)) return embed;
	}
	const first = sentences[0]!;
	const over = embedLength(build(1)) - MAX_EMBEDS_TOTAL;
	const room = Math.max(
		1,
		Math.min(
			first.text.length - Math.max(0, over),
			MAX_EMBED_DESCRIPTION - lead.length - ` [${first.n}]`.length - CONTINUED.length,
		),
	);
	return build(1, truncate(first.text, room));
}

/** `[n] Title — Author, Publisher, 12 May 2025`, its link, and the passage around the quoted sentences with the marker where they stand. */
function sourceField(citation: Citation, sentences: readonly AnswerSentence[]): APIEmbedField {
	const quoted = sentences.filter(({ n }) => n === citation.n);
	const link = linkLine(citation.article, '\n');
	return {
		name: truncate(`[${citation.n}] ${heading(citation.article)}`, MAX_FIELD_NAME),
		value: `${link}${truncate(contextAround(citation.passage, quoted, `**[${citation.n}]**`), MAX_FIELD_VALUE - link.length)}`,
	};
}

function contextAround(passage: Passage, quoted: readonly AnswerSentence[], marker: string): string {
	const spans = sentenceSpans(passage);
	const hit = spans.map(([start, end]) =>
		quoted.some((sentence) => sentence.start - passage.start < end && sentence.end - passage.start > start),
	);
	const first = hit.indexOf(true);
	const last = hit.lastIndexOf(true);
	if (first === -1) return `${QUOTE_PREFIX}${escapeText(truncate(oneLine(passage.text), CONTEXT_LENGTH))}`;
	const slice = (index: number): string => oneLine(passage.text.slice(spans[index]![0], spans[index]![1]));
	const before = first > 0 ? escapeText(truncateStart(slice(first - 1), CONTEXT_LENGTH)) : '';
	const after = last + 1 < spans.length ? escapeText(truncate(slice(last + 1), CONTEXT_LENGTH)) : '';
	if (before === '' && after === '') return `${QUOTE_PREFIX}${marker} (the whole passage is quoted above)`;
	return `${QUOTE_PREFIX}${[before, marker, after].filter(Boolean).join(' ')}`;
}

function notCoveredEmbed(result: NotCovered): APIEmbed {
	const best = new Map<string, RetrievedPassage>();
	for (const related of result.related) if (!best.has(related.article.file)) best.set(related.article.file, related);
	const fields = [...best.values()].slice(0, CLOSEST_ARTICLES).map(({ article, passage, sentenceSimilarities }) => ({
		name: truncate(heading(article), MAX_FIELD_NAME),
		value: `${linkLine(article, '\n')}${QUOTE_PREFIX}${escapeText(excerptAround(passage, bestSentence(sentenceSimilarities), CONTEXT_LENGTH * 2))}`,
	}));
	return fitEmbed({
		color: COLOR_NOT_COVERED,
		title: escapeText(oneLine(result.question)),
		description: [
			...(result.reason === 'unsupported_language'
				? [
						'I can only read questions in English, and this one does not look like English.',
						'Ask it in English and I will search the articles.',
					]
				: ['The articles I have do not cover this, so I will not guess.', 'Try rephrasing, or narrow with `source:`.']),
			...(fields.length === 0 ? [] : ['', 'The closest articles:']),
		].join('\n'),
		fields,
		footer: {
			text: `${searchedForLine(result)}${plural(result.retrieved.length, 'passage')} searched · ${seconds(result.timings.totalMs)}${composerNote(result)}`,
		},
	});
}

/** "confidence 82%": how likely the quoted sentences answer the question, as the composer calibrated it. */
function confidenceLabel(confidence: number): string {
	return `confidence ${Math.round(confidence * 100)}%`;
}

function quotedText(result: QuotedResult, n: number): string {
	return result.sentences
		.filter((sentence) => sentence.n === n)
		.map(({ text }) => text)
		.join(' ');
}

/** A passage's sentences as [start, end) offsets into its own text. */
function sentenceSpans(passage: Passage): (readonly [number, number])[] {
	return passage.sentences
		.map(([start, end]) => [start - passage.start, end - passage.start] as const)
		.filter(([start, end]) => start >= 0 && start < end && end <= passage.text.length);
}

function bestSentence(similarities: readonly number[]): number {
	let best = 0;
	similarities.forEach((similarity, index) => {
		if (similarity > (similarities[best] ?? -Infinity)) best = index;
	});
	return best;
}

/** The sentence `center` of a passage, widened by whole neighbouring sentences while it stays within `max`; raw text. */
function excerptAround(passage: Passage, center: number, max: number): string {
	const spans = sentenceSpans(passage);
	if (spans[center] === undefined) return truncate(oneLine(passage.text), max);
	const length = (from: number, to: number): number => spans[to]![1] - spans[from]![0];
	let from = center;
	let to = center;
	for (let grew = true; grew;) {
		grew = false;
		if (from > 0 && length(from - 1, to) <= max) {
			from -= 1;
			grew = true;
		}
		if (to + 1 < spans.length && length(from, to + 1) <= max) {
			to += 1;
			grew = true;
		}
	}
	const text = truncate(oneLine(passage.text.slice(spans[from]![0], spans[to]![1])), max);
	return `${from > 0 ? '…' : ''}${text}${to < spans.length - 1 && !text.endsWith('…') ? ' …' : ''}`;
}

/** Where the first word of `text` that starts with one of the typed words begins; 0 when none does. */
function firstMatchingWord(text: string, typed: string): number {
	const wanted = typed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	if (wanted.length === 0) return 0;
	for (const word of text.matchAll(/[\p{L}\p{N}]+/gu)) {
		const lower = word[0].toLowerCase();
		if (wanted.some((prefix) => lower.startsWith(prefix))) return word.index;
	}
	return 0;
}

function heading(article: ArticleSummary): string {
	const details = sourceLine(article);
	return `${escapeText(oneLine(article.title))}${details === '' ? '' : `${TITLE_SEPARATOR}${details}`}`;
}

function blockQuote(text: string): string {
	return text
		.split('\n')
		.map((line) => `${QUOTE_PREFIX}${line}`)
		.join('\n');
}

/** "Author, Publisher, 12 May 2025", escaped; the parts that are known. */
function sourceLine(article: ArticleSummary): string {
	return bylineParts(article)
		.map((part) => escapeText(oneLine(part)))
		.join(', ');
}

/** The article's address, fit for a masked link (no parenthesis can end it early), or undefined. */
function linkUrl(article: ArticleSummary): string | undefined {
	const href = articleUrl(article)?.href.replaceAll('(', '%28').replaceAll(')', '%29');
	return href !== undefined && href.length <= MAX_LINK_URL ? href : undefined;
}

/** The title, as a masked link to the article when it has an address; `<…>` keeps Discord from previewing it. */
function linkedTitle(article: ArticleSummary): string {
	const title = escapeText(oneLine(article.title));
	const url = linkUrl(article);
	// A bracket left in the text would end the link's text early.
	return url === undefined ? title : `[${title.replaceAll(/(?<!\\)[[\]]/gu, '\\$&')}](<${url}>)`;
}

/** "also in: Reuters, The Guardian and 2 more", for a syndicated article; '' otherwise. */
function alsoIn(article: ArticleSummary): string {
	const outlets = (article.alsoIn ?? []).map((name) => escapeText(oneLine(name))).filter(Boolean);
	if (outlets.length === 0) return '';
	const more = outlets.length > ALSO_IN_SHOWN ? ` and ${outlets.length - ALSO_IN_SHOWN} more` : '';
	return `also in: ${outlets.slice(0, ALSO_IN_SHOWN).join(', ')}${more}`;
}

/** "[example.com ↗](<url>) · also in: …" and then `end`, or '' when the article has neither. */
function linkLine(article: ArticleSummary, end: string): string {
	const url = linkUrl(article);
	const host = url === undefined ? '' : `[${escapeText(new URL(url).hostname.replace(/^www\./u, ''))} ↗](<${url}>)`;
	const line = [host, alsoIn(article)].filter(Boolean).join(' · ');
	return line === '' ? '' : `${line}${end}`;
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
	return `${(ms / 1_000).toFixed(2)} s`;
}

function answerButton(
	view: AnswerView,
	action: string,
	label: string | undefined,
	emoji?: string,
	style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
): APIButtonComponent {
	return {
		type: ComponentType.Button,
		style,
		custom_id: encodeCustomId({ command: 'ask', action, argument: view.answerId }),
		...(label === undefined ? {} : { label }),
		...(emoji === undefined ? {} : { emoji: { name: emoji } }),
	};
}

function pageButton(label: string, target: number, disabled: boolean): APIButtonComponent {
	return {
		type: ComponentType.Button,
		style: ButtonStyle.Secondary,
		label,
		disabled,
		custom_id: encodeCustomId({ command: 'sources', action: 'page', argument: String(target) }),
	};
}

/** Lays buttons out in rows of five, at most five rows. @throws RangeError for a label longer than Discord allows. */
function rows(buttons: readonly APIButtonComponent[]): ButtonRow[] {
	const result: ButtonRow[] = [];
	for (const button of buttons) {
		if ('label' in button && (button.label?.length ?? 0) > MAX_BUTTON_LABEL) {
			throw new RangeError(`button label longer than ${MAX_BUTTON_LABEL}: ${button.label}`);
		}
	}
	for (let index = 0; index < buttons.length && result.length < MAX_ACTION_ROWS; index += MAX_BUTTONS_PER_ROW) {
		result.push({ type: ComponentType.ActionRow, components: buttons.slice(index, index + MAX_BUTTONS_PER_ROW) });
	}
	return result;
}

function payload(parts: { content?: string; embeds?: APIEmbed[]; components?: ButtonRow[] }): Payload {
	return {
		content: truncate(parts.content ?? '', MAX_CONTENT),
		embeds: parts.embeds ?? [],
		components: parts.components ?? [],
		allowedMentions: { parse: [] },
	};
}

function embedLength(embed: APIEmbed): number {
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		fieldsLength(embed.fields ?? [])
	);
}

function fieldsLength(fields: readonly APIEmbedField[]): number {
	return fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

/** Cuts every part of an embed to Discord's limits; the description yields first, then trailing fields. */
function fitEmbed(embed: APIEmbed): APIEmbed {
	const fitted: APIEmbed = {
		...embed,
		...(embed.title === undefined ? {} : { title: truncate(embed.title, MAX_EMBED_TITLE) }),
		...(embed.footer === undefined
			? {}
			: { footer: { ...embed.footer, text: truncate(embed.footer.text, MAX_EMBED_FOOTER) } }),
	};
	const fields = (embed.fields ?? []).slice(0, MAX_EMBED_FIELDS).map((field) => ({
		...field,
		name: truncate(field.name, MAX_FIELD_NAME),
		value: truncate(field.value, MAX_FIELD_VALUE),
	}));
	const fixed = embedLength({ ...fitted, description: undefined, fields: [] });
	const reserve = Math.min(embed.description?.length ?? 0, DESCRIPTION_RESERVE);
	while (fields.length > 0 && fixed + reserve + fieldsLength(fields) > MAX_EMBEDS_TOTAL) fields.pop();
	const room = Math.min(MAX_EMBED_DESCRIPTION, MAX_EMBEDS_TOTAL - fixed - fieldsLength(fields));
	return {
		...fitted,
		...(embed.description === undefined ? {} : { description: truncate(embed.description, room) }),
		...(fields.length === 0 ? { fields: undefined } : { fields }),
	};
}

/** Groups embeds into messages of at most ten embeds and 6,000 characters. */
function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
	const groups: APIEmbed[][] = [];
	let current: APIEmbed[] = [];
	let length = 0;
	for (const embed of embeds.map(fitEmbed)) {
		const size = embedLength(embed);
		if (current.length === MAX_EMBEDS || (current.length > 0 && length + size > MAX_EMBEDS_TOTAL)) {
			groups.push(current);
			current = [];
			length = 0;
		}
		current.push(embed);
		length += size;
	}
	if (current.length > 0) groups.push(current);
	return groups;
}
