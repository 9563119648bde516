/**
 * Lines that are page furniture, never article text: ad slots, paywall and sign-in prompts,
 * newsletter sign-up blocks, section markers and share prompts, as news sites print them.
 */
const BOILERPLATE_LINES: readonly RegExp[] = [
	/^advertisement(?:\s+\d+)?$/iu,
	/^this advertisement has not loaded yet/iu,
	/^article content$/iu,
	/^share this (?:article|story)\b/iu,
	/^(?:this content is reserved for subscribers|subscribe (?:now|to unlock|today)|register \/ sign in|create an account or sign in|this article is free to read)\b/iu,
	/^(?:sign in|log in|register)(?: to [\w ]+)?\.?$/iu,
	/^or$/iu,
	/^by signing up you consent to receive\b/iu,
	/^thanks for signing up!?$/iu,
	/^a welcome email is on its way\b/iu,
	/^the next issue of .+ will soon be in your inbox\.?$/iu,
	/^we encountered an issue signing you up\b/iu,
	/^(?:sign up|subscribe) (?:for|to) (?:our|the) .*newsletter/iu,
	/^get the latest headlines, breaking news and columns\.?$/iu,
	/^(?:read more|related|recommended)(?: stories| articles)?:?$/iu,
	// A link to another story under a label: "READ MORE: …", "Related: …", "See also: …", "Watch: …".
	/^(?:read more|read also|also read|more|related|related coverage|see also|watch|listen|recommended|most read|trending|don['’]t miss)\s*[:|»›]\s*\S.{0,150}$/iu,
	// Metered-paywall counters: "You have 2 free articles left this month", "3 free stories remaining".
	/\b(?:\d+|one|two|three|four|five|no)\s+(?:more\s+)?free\s+(?:articles?|stor(?:y|ies)|reads?)\s+(?:left|remaining)\b/iu,
	/^(?:subscribe|sign up|register)(?: now| today| free)?(?: to| for)? (?:the |our )?[\w'’&. -]{1,40}[.!]?$/iu,
	/^(?:already a subscriber|not a subscriber|become a (?:subscriber|member)|unlock (?:this|unlimited)|continue reading with)\b.{0,120}$/iu,
	/^powered by [\w.-]+(?:\s[\w.-]+){0,3}$/iu,
	/^(?:©|\(c\)|copyright\b).{0,150}$/iu,
	/^(?:click|tap) here to (?:subscribe|sign up|read|download|get|register)\b.{0,120}$/iu,
	/^[—–-]?\s*with assistance from [^.]+\.?$/iu,
	// Photo credits under a lead image: "Getty Images", "AP Photo/Jane Doe", "Photo: Reuters".
	/^(?:photo(?:graph)?:?\s.*|.*\b(?:getty images|ap photo|afp|reuters|bloomberg)(?:\/[\w .]+)?|[\w .]+\/(?:getty images|ap photo|afp|reuters))$/iu,
];

// A newsletter block starts with its name and pitch right above the consent line; only short lines qualify.
const NEWSLETTER_CONSENT = /^by signing up you consent to receive\b/iu;
const MAX_NEWSLETTER_HEADER_LENGTH = 80;

/** Removes a leading "(Bloomberg) — " style credit, which repeats the lead with and without it. */
const PUBLISHER_LEAD = /^\(([A-Z][\w .&'’-]{1,40})\)\s*[—–-]+\s*/u;

export interface CleanedParagraphs {
	readonly paragraphs: readonly string[];
	/** Publisher named by a "(Publisher) —" lead, when present. */
	readonly publisher?: string;
}

function isBoilerplate(line: string): boolean {
	return line.length < 300 && BOILERPLATE_LINES.some((pattern) => pattern.test(line));
}

function dedupeKey(paragraph: string): string {
	return paragraph.replace(PUBLISHER_LEAD, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/**
 * Splits plain article text into paragraphs and drops boilerplate and paragraphs repeated verbatim.
 * Article wording is never changed: what survives is the original line, trimmed.
 */
export function cleanArticle(raw: string): CleanedParagraphs {
	const lines = raw
		.replace(/\r\n?/gu, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+$/u, '').replace(/^\s+/u, ''));

	const drop = new Set<number>();
	lines.forEach((line, index) => {
		if (isBoilerplate(line)) drop.add(index);
		if (NEWSLETTER_CONSENT.test(line)) {
			for (let back = index - 1; back >= 0 && back >= index - 2; back--) {
				const above = lines[back] ?? '';
				if (above.length === 0 || above.length > MAX_NEWSLETTER_HEADER_LENGTH) break;
				drop.add(back);
			}
		}
	});

	let publisher: string | undefined;
	const seen = new Set<string>();
	const paragraphs: string[] = [];
	lines.forEach((line, index) => {
		if (line.length === 0 || drop.has(index)) return;
		const credit = PUBLISHER_LEAD.exec(line);
		if (credit?.[1] && paragraphs.length === 0) publisher ??= credit[1].trim();
		const text = credit && paragraphs.length <= 3 ? line.slice(credit[0].length) : line;
		const key = dedupeKey(text);
		if (key.length === 0 || seen.has(key)) return;
		seen.add(key);
		paragraphs.push(text);
	});
	return publisher === undefined ? { paragraphs } : { paragraphs, publisher };
}
