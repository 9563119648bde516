import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	InteractionResponseType,
	MessageFlags,
	type APIApplicationCommandOptionChoice,
	type APIInteraction,
} from 'discord.js';
import { html, redirect, startLoopbackSite, type LoopbackSite } from '../helpers/loopbackSite.ts';
import { FARES_QUESTION, NEWER_FARES, OLDER_FARES } from '../helpers/ferryFares.ts';
import { expectWithinLimits, messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { fakeMessage } from './fakeDiscord.ts';
import { autocomplete, messageCommand, slashCommand, user, type OptionValue } from './interactions.ts';
import { startBotHarness, type BotHarness } from './startBotHarness.ts';

const LINK = '[coastherald.example ↗](<https://coastherald.example/news/ferry-fares>)';

const LIGHTHOUSE_PAGE = `<!doctype html><html><head><title>Lighthouse restored</title>
<meta property="og:title" content="Lighthouse keepers return to Skerry Point">
<meta property="og:site_name" content="North Coast Times">
<meta property="article:published_time" content="2025-04-02T08:00:00Z"></head>
<body><nav>Home | News | Sport</nav><article><h1>Lighthouse keepers return to Skerry Point</h1>
<p>The lighthouse at Skerry Point has been restored by volunteers after three years of work on its lamp and tower.</p>
<p>Keepers will live on the rock again from June, the trust that owns the lighthouse said on Wednesday.</p>
<p>The restoration cost two hundred thousand pounds, most of it raised by islanders at summer fairs.</p>
</article><footer>Copyright North Coast Times</footer></body></html>`;
const UPLOADED = [
	'---',
	'title: Seal colony grows',
	'date: 12 May 2025',
	'publisher: Island Gazette',
	'url: https://islandgazette.example/seals',
	'author: Ann Lee',
	'---',
	'',
	'Wardens counted four hundred grey seal pups on the north beach this winter, the most since records began.',
	'',
	'The wardens asked walkers to keep dogs on leads near the colony until March.',
].join('\n');

let harness: BotHarness;
let site: LoopbackSite;

beforeAll(async () => {
	site = await startLoopbackSite({
		'/lighthouse': html(LIGHTHOUSE_PAGE),
		'/moved-lighthouse': redirect((origin) => `${origin}/lighthouse`),
		'/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/'),
		'/empty': html('<html><head><title>Nothing</title></head><body></body></html>'),
		'/photo': (response) => response.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg bytes'),
	});
	harness = await startBotHarness({
		extraArticles: { 'fares_2024.md': OLDER_FARES, 'fares_2025.md': NEWER_FARES },
		fetchAllowed: ['127.0.0.1'],
	});
});

afterAll(async () => {
	await harness?.close();
	await site?.close();
});

/** Sends a command that is deferred and edited, and returns the final message. */
async function run(interaction: APIInteraction, { ephemeral = false } = {}): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const ack = await harness.fake.callbackFor(interaction);
	expect(ack.body?.['type']).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
	expect(Boolean(Number(messageOf(ack.body).flags ?? 0) & MessageFlags.Ephemeral)).toBe(ephemeral);
	const final = messageOf((await harness.fake.originalEditFor(interaction, 60_000)).body);
	expectWithinLimits(final);
	return final;
}

async function add(options: Record<string, OptionValue>, who = user(300)): Promise<MessageBody> {
	return run(slashCommand('add', options, who), { ephemeral: true });
}

async function corpusFiles(): Promise<string[]> {
	return (await readdir(join(harness.dir, 'corpus'), { recursive: true })).sort();
}

describe('citations, filters and /add over the fake Discord', () => {
	it('cites the article as Title — Author, Publisher, date with a link that Discord does not preview', async () => {
		const answer = await run(slashCommand('ask', { question: FARES_QUESTION, after: 'February 2025' }, user(301)));
		const [embed] = answer.embeds ?? [];
		expect(embed?.description).toContain('five pounds');
		expect(embed?.fields?.[0]?.name).toBe('[1] Ferry fares rise again — Jane Doe, Coast Herald, 3 Feb 2025');
		expect(embed?.fields?.[0]?.value.split('\n')[0]).toBe(LINK);
		expect(visibleText(answer)).not.toMatch(/(?<!<)https:\/\//u);

		const posted = fakeMessage({ embeds: answer.embeds ?? [] });
		const found = await run(messageCommand('Find sources', posted, user(310)), { ephemeral: true });
		expect(found.embeds?.[0]?.title).toBe('Sources for this message');
		expect(found.embeds?.[0]?.description).not.toContain('coastherald.example');
		expect(visibleText(found)).toContain('five pounds');
	});

	it('filters /ask and /search by date and publisher inside retrieval, and prefers the newest on request', async () => {
		const before = await run(slashCommand('ask', { question: FARES_QUESTION, before: '2024-12-31' }, user(302)));
		expect(before.embeds?.[0]?.description).toContain('four pounds');
		expect(visibleText(before)).not.toContain('five pounds');

		const newest = await run(slashCommand('ask', { question: FARES_QUESTION, newest: true }, user(303)));
		expect(newest.embeds?.[0]?.description).toContain('five pounds');
		expect(visibleText(newest)).not.toContain('four pounds');

		const search = await run(slashCommand('search', { query: 'ferry fares', publisher: 'Island Gazette' }, user(304)));
		const names = (search.embeds?.[0]?.fields ?? []).map((field) => field.name);
		expect(names.length).toBeGreaterThan(0);
		for (const name of names) expect(name).toMatch(/— Island Gazette, 10 Jan 2024$/u);
	});

	it('suggests publishers as they are typed, with their number of articles', async () => {
		harness.fake.interact(
			autocomplete('ask', { name: 'publisher', value: 'coa' }, user(305), { question: FARES_QUESTION }),
		);
		const callback = await harness.fake.waitForRequest(
			(request) =>
				request.method === 'POST' &&
				request.path.endsWith('/callback') &&
				JSON.stringify(request.body).includes('Coast Herald'),
		);
		expect(callback.body?.['type']).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
		const { choices } = callback.body?.['data'] as { choices: APIApplicationCommandOptionChoice<string>[] };
		expect(choices).toEqual([{ name: 'Coast Herald (1 article)', value: 'Coast Herald' }]);
	});

	it('explains a date it cannot read and a filter that leaves no article, privately', async () => {
		for (const [options, sentence] of [
			[
				{ question: FARES_QUESTION, after: 'next week' },
				'That date cannot be read. Write it as 2025-05-12, 12 May 2025 or 2025-05.',
			],
			[{ question: FARES_QUESTION, after: '2030' }, 'No article in the corpus matches those filters.'],
			[{ question: FARES_QUESTION, publisher: 'Daily Planet' }, 'No article in the corpus is from that publisher.'],
		] as const) {
			const ask = harness.fake.interact(slashCommand('ask', options, user(306)));
			const followUp = messageOf((await harness.fake.followUpFor(ask)).body);
			expect(followUp.flags).toBe(MessageFlags.Ephemeral);
			expect(followUp.content).toContain(sentence);
		}
	});

	it('lists /sources with linked titles and bylines', async () => {
		const sources = await run(slashCommand('sources', {}, user(307)));
		expect(sources.embeds?.[0]?.description).toContain(
			'[Ferry fares rise again](<https://coastherald.example/news/ferry-fares>)\nJane Doe, Coast Herald, 3 Feb 2025 · 1 passage',
		);
	});

	it('adds a linked page, following its redirect, saves it under a generated name and answers from it at once', async () => {
		const before = await corpusFiles();
		const added = await add({ url: `${site.origin}/moved-lighthouse` });
		const [embed] = added.embeds ?? [];
		expect(embed?.title).toBe('Added to the corpus');
		expect(embed?.fields?.[0]?.name).toBe('Lighthouse keepers return to Skerry Point');
		// The page states no address of its own: the one it was fetched from, after the redirect, is its URL.
		// The host is escaped as Discord Markdown, which shows it as 127.0.0.1.
		const link = `[127\\.0.0.1 ↗](<${site.origin}/lighthouse>)`;
		expect(embed?.fields?.[0]?.value).toBe(`North Coast Times, 2 Apr 2025\n${link}\n1 passage`);
		expect(embed?.description).toMatch(
			/^Indexed 1 passage in \d+\.\d s; \/ask and \/search use them now\.\nSaved as `added\/2025-04-02-lighthouse-keepers-return-to-skerry-point-[0-9a-f]{8}\.html`\.$/u,
		);
		const saved = (await corpusFiles()).filter((file) => !before.includes(file));
		expect(saved).toEqual([
			'added',
			expect.stringMatching(/^added\/2025-04-02-lighthouse-keepers-return-to-skerry-point-[0-9a-f]{8}\.html$/u),
			expect.stringMatching(
				/^added\/2025-04-02-lighthouse-keepers-return-to-skerry-point-[0-9a-f]{8}\.html\.source\.json$/u,
			),
		]);
		expect(site.requests.at(-1)?.headers['user-agent']).toMatch(/^FootnoteBot\//u);

		const answer = await run(slashCommand('ask', { question: 'When will keepers live on the rock again?' }, user(308)));
		expect(answer.embeds?.[0]?.description).toContain('Keepers will live on the rock again from June');
		expect(answer.embeds?.[0]?.fields?.[0]?.value.split('\n')[0]).toBe(link);

		const again = await add({ url: `${site.origin}/lighthouse` });
		expect(again.content).toMatch(
			/^Not added: it is already in the index as “Lighthouse keepers return to Skerry Point” \(added\/.+\.html\)\. The corpus is unchanged\.$/u,
		);
	});

	it('adds an uploaded file, downloaded from the attachment URL through the same guard', async () => {
		const file = harness.fake.attach('seals.md', Buffer.from(UPLOADED), 'text/markdown');
		const added = await add({ file });
		const [embed] = added.embeds ?? [];
		expect(embed?.fields?.[0]).toEqual({
			name: 'Seal colony grows',
			value:
				'Ann Lee, Island Gazette, 12 May 2025\n[islandgazette.example ↗](<https://islandgazette.example/seals>)\n1 passage',
		});
		const answer = await run(
			slashCommand(
				'ask',
				{ question: 'How many grey seal pups did wardens count?', publisher: 'island gazette' },
				user(309),
			),
		);
		expect(answer.embeds?.[0]?.description).toContain('four hundred grey seal pups');
	});

	it('refuses, with the reason and nothing written, what it must not fetch or cannot index', async () => {
		const before = await corpusFiles();
		const oversize = { ...harness.fake.attach('huge.txt', Buffer.from('tiny')), size: 50 * 1024 * 1024 };
		const cases: [Record<string, OptionValue>, string][] = [
			[{ url: `${site.origin}/to-metadata` }, 'Not added: 169.254.169.254 is a link-local address.'],
			[{ url: 'http://10.0.0.8/intranet/story' }, 'Not added: 10.0.0.8 is a private address.'],
			[{ url: 'file:///etc/passwd' }, 'Not added: only http and https links are fetched, not file.'],
			[{ url: `${site.origin}/photo` }, 'Not added: it is image/jpeg, not a page the corpus reads'],
			[{ url: `${site.origin}/empty` }, 'Not added: no article text is left after removing boilerplate.'],
			[
				{ file: harness.fake.attach('setup.exe', Buffer.from('MZ')) },
				'Not added: .exe files cannot be read; the corpus takes .txt, .md, .markdown, .html, .htm, .pdf, .docx, .jsonl, .ndjson, .json, .csv, .xml, .rss and .atom.',
			],
			[{ file: oversize }, 'Not added: the file is 50 MB; the limit is 10 MB.'],
		];
		for (const [options, reply] of cases) {
			const refused = await add(options);
			expect(refused.content, JSON.stringify(options)).toContain(reply);
			expect(refused.content).toMatch(/The corpus is unchanged\.$/u);
		}
		expect(await corpusFiles()).toEqual(before);
		expect(harness.fake.requests.some((request) => request.path.includes('huge.txt'))).toBe(false);
	});

	it('asks for exactly one of a link and a file', async () => {
		const neither = await add({});
		expect(neither.content).toBe('Give /add either a link (url:) or a file (file:), one of the two.');
		const both = await add({
			url: `${site.origin}/lighthouse`,
			file: harness.fake.attach('a.txt', Buffer.from('text')),
		});
		expect(both.content).toBe(neither.content);
	});
});
