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
import type { AnswerResult, Answered, Citation, NotCovered, RetrievedPassage } from '../answer/types.ts';
import type { ArticleSummary } from '../corpus/types.ts';
import type { IngestSummary, PassageMatch } from '../engine/Engine.ts';
import { encodeCustomId } from './customId.ts';
import {
	MAX_BUTTONS_PER_ROW,
	MAX_CHOICE_LENGTH,
	MAX_CHOICES,
	MAX_CONTENT,
	MAX_EMBED_AUTHOR,
	MAX_EMBED_DESCRIPTION,
	MAX_EMBED_FIELDS,
	MAX_EMBED_FOOTER,
	MAX_EMBED_TITLE,
	MAX_EMBEDS,
	MAX_EMBEDS_TOTAL,
	MAX_FIELD_NAME,
	MAX_FIELD_VALUE,
} from './limits.ts';
import { escapeText, oneLine, truncate } from './text.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** Everything the bot sends is one of these; mentions are never parsed. */
export interface Payload {
	readonly content?: string;
	readonly embeds: APIEmbed[];
	readonly components: ButtonRow[];
	readonly allowedMentions: MessageMentionOptions;
}

export type Notice =
	| { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
	| { readonly kind: 'failed'; readonly ref: string; readonly sentence: string }
	| { readonly kind: 'expired' }
	| { readonly kind: 'posted' }
	| { readonly kind: 'cannot_post' }
	| { readonly kind: 'feedback_recorded' }
	| { readonly kind: 'shutting_down' }
	| { readonly kind: 'unknown_command' }
	| { readonly kind: 'no_text' };

export interface AnswerView {
	/** Id under which the answer is remembered; its buttons carry it. */
	readonly answerId: string;
	readonly isPrivate: boolean;
	/** Set when the answer is re-posted publicly: the user who asked. */
	readonly askedBy?: string;
}

export const SOURCES_PER_PAGE = 10;

const COLOR_ANSWER = 0x5865f2;
const COLOR_NOT_COVERED = 0x99aab5;
const COLOR_PASSAGE = 0x57f287;
const SNIPPET_LENGTH = 300;
const SEARCH_SNIPPET_LENGTH = 600;
const CLAIM_LENGTH = 300;
const CLOSEST_ARTICLES = 5;
const DESCRIPTION_RESERVE = 1_500;
const PROBLEMS_SHOWN = 10;
const QUOTE_PREFIX = '> ';

export function renderAnswer(result: AnswerResult, view: AnswerView): Payload {
	const embed = result.kind === 'answered' ? answeredEmbed(result) : notCoveredEmbed(result);
	const buttons: APIButtonComponent[] = [];
	if (result.kind === 'answered') buttons.push(answerButton(view, 'passages', 'Show passages'));
	buttons.push(answerButton(view, 'up', undefined, '👍'), answerButton(view, 'down', undefined, '👎'));
	if (view.isPrivate) buttons.push(answerButton(view, 'post', 'Post to channel', undefined, ButtonStyle.Primary));
	return payload({
		content: view.askedBy === undefined ? undefined : `Asked by <@${view.askedBy}>`,
		embeds: [embed],
		components: rows(buttons),
	});
}

/** The full text of each cited passage, split over as many messages as Discord's limits need. */
export function renderPassages(citations: readonly Citation[]): Payload[] {
	const embeds = citations.map(({ n, passage, article }): APIEmbed => ({
		color: COLOR_PASSAGE,
		title: `[${n}] ${escapeText(oneLine(article.title))}`,
		description: escapeText(passage.text),
		footer: { text: [sourceLine(article), passage.id].filter(Boolean).join(' · ') },
	}));
	return packEmbeds(embeds).map((group) => payload({ embeds: group }));
}

export function renderSearch(query: string, results: readonly RetrievedPassage[]): Payload {
	const fields = results.map(({ passage, article }, index) => ({
		name: `${index + 1}. ${escapeText(oneLine(article.title))}`,
		value: quoted(sourceLine(article), passage.text, SEARCH_SNIPPET_LENGTH),
	}));
	return payload({
		embeds: [
			fitEmbed({
				color: COLOR_PASSAGE,
				title: `Passages for “${escapeText(oneLine(query))}”`,
				description: results.length === 0 ? 'Nothing in the corpus matches that.' : undefined,
				fields,
				footer: results.length === 0 ? undefined : { text: 'Use /quote to cite a passage in the conversation.' },
			}),
		],
	});
}

export function sourcesPageCount(articles: readonly ArticleSummary[]): number {
	return Math.max(1, Math.ceil(articles.length / SOURCES_PER_PAGE));
}

export function renderSources(articles: readonly ArticleSummary[], requestedPage: number): Payload {
	const pages = sourcesPageCount(articles);
	const page = Math.min(Math.max(0, requestedPage), pages - 1);
	const first = page * SOURCES_PER_PAGE;
	const lines = articles.slice(first, first + SOURCES_PER_PAGE).map((article, index) => {
		const details = [sourceLine(article), `${article.passageCount} passages`].filter(Boolean).join(' · ');
		return `**${first + index + 1}.** ${escapeText(oneLine(article.title))}\n${details}`;
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
	const details = [escapeText(oneLine(article.publisher ?? '')), article.date ?? ''].filter(Boolean).join(', ');
	const citation = `— *${escapeText(oneLine(article.title))}*${details === '' ? '' : `, ${details}`}`;
	const text = escapeText(passage.text.trim());
	const room = MAX_CONTENT - citation.length - 1 - QUOTE_PREFIX.length * text.split('\n').length;
	return payload({ content: `${blockQuote(truncate(text, room))}\n${citation}` });
}

export function renderFindSources(claim: string, result: AnswerResult): Payload {
	const description = `> ${truncate(escapeText(oneLine(claim)), CLAIM_LENGTH)}`;
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
				fields: result.citations.map((citation) => citationField(citation, sentencesOf(result, citation.n))),
			}),
		],
	});
}

export function renderReindexProgress(done: number, total: number): Payload {
	return payload({
		content: `Rebuilding the index… ${done} of ${total} done. Answers keep coming from the old index.`,
	});
}

export function renderReindexed(summary: IngestSummary): Payload {
	const problems = summary.problems
		.slice(0, PROBLEMS_SHOWN)
		.map(({ file, reason }) => `${escapeText(file)}: ${escapeText(reason)}`);
	return payload({
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

export function renderHelp(
	stats: { readonly articles: number; readonly passages: number },
	articles: readonly ArticleSummary[],
): Payload {
	const titles = articles.slice(0, CLOSEST_ARTICLES).map((article) => `• ${escapeText(oneLine(article.title))}`);
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
		case 'posted':
			return 'Posted to the channel.';
		case 'cannot_post':
			return 'I cannot post in this channel: I need the View Channel, Send Messages and Embed Links permissions here.';
		case 'feedback_recorded':
			return 'Thanks, your feedback was recorded.';
		case 'shutting_down':
			return 'I am restarting. Try again in a moment.';
		case 'unknown_command':
			return 'That command is not available any more.';
		case 'no_text':
			return 'That message has no text to look up.';
	}
}

function answeredEmbed(result: Answered): APIEmbed {
	const description =
		result.sentences.length === 0
			? escapeText(result.answer)
			: result.sentences.map(({ text, n }) => `${escapeText(oneLine(text))} [${n}]`).join(' ');
	return fitEmbed({
		color: COLOR_ANSWER,
		title: escapeText(oneLine(result.question)),
		description,
		fields: result.citations.map((citation) => citationField(citation, sentencesOf(result, citation.n))),
		footer: { text: `Answered in ${seconds(result.timings.totalMs)} from ${result.retrieved.length} passages` },
	});
}

function notCoveredEmbed(result: NotCovered): APIEmbed {
	const articles = new Map(result.related.map(({ article }) => [article.file, article]));
	const closest = [...articles.values()]
		.slice(0, CLOSEST_ARTICLES)
		.map((article) => `• ${[escapeText(oneLine(article.title)), sourceLine(article)].filter(Boolean).join(' — ')}`);
	return fitEmbed({
		color: COLOR_NOT_COVERED,
		title: escapeText(oneLine(result.question)),
		description: [
			'The articles I have do not cover this, so I will not guess.',
			...(closest.length === 0 ? [] : ['', 'The closest articles:', ...closest]),
		].join('\n'),
		footer: { text: `Searched in ${seconds(result.timings.totalMs)}` },
	});
}

function sentencesOf(result: Answered, n: number): string {
	return result.sentences
		.filter((sentence) => sentence.n === n)
		.map(({ text }) => text)
		.join(' ');
}

function citationField({ n, passage, article }: Citation, snippet: string): APIEmbedField {
	return {
		name: `[${n}] ${escapeText(oneLine(article.title))}`,
		value: quoted(sourceLine(article), snippet === '' ? passage.text : snippet, SNIPPET_LENGTH),
	};
}

function quoted(heading: string, text: string, length: number): string {
	const quote = `> ${truncate(escapeText(oneLine(text)), length)}`;
	return heading === '' ? quote : `${heading}\n${quote}`;
}

function blockQuote(text: string): string {
	return text
		.split('\n')
		.map((line) => `${QUOTE_PREFIX}${line}`)
		.join('\n');
}

function sourceLine(article: ArticleSummary): string {
	return [article.publisher === undefined ? '' : escapeText(oneLine(article.publisher)), article.date ?? '']
		.filter(Boolean)
		.join(', ');
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

function rows(buttons: readonly APIButtonComponent[]): ButtonRow[] {
	const result: ButtonRow[] = [];
	for (let index = 0; index < buttons.length; index += MAX_BUTTONS_PER_ROW) {
		result.push({ type: ComponentType.ActionRow, components: buttons.slice(index, index + MAX_BUTTONS_PER_ROW) });
	}
	return result;
}

function payload(parts: { content?: string | undefined; embeds?: APIEmbed[]; components?: ButtonRow[] }): Payload {
	return {
		...(parts.content === undefined ? {} : { content: truncate(parts.content, MAX_CONTENT) }),
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
		(embed.author?.name.length ?? 0) +
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
		...(embed.author === undefined
			? {}
			: { author: { ...embed.author, name: truncate(embed.author.name, MAX_EMBED_AUTHOR) } }),
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
