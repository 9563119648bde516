import { createHmac } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export type Verdict = 'up' | 'down';

export interface Feedback {
	readonly command: string;
	readonly question: string;
	readonly verdict: Verdict;
	readonly userId: string;
	readonly citations: readonly string[];
}

const DERIVED_KEY_LABEL = 'footnote feedback user id';

/** The key user ids are hashed with: the configured salt, or else a secret derived from the bot token (never the token itself). */
export function feedbackKey(salt: string | undefined, token: string): Buffer {
	return salt === undefined
		? createHmac('sha256', token).update(DERIVED_KEY_LABEL).digest()
		: Buffer.from(salt, 'utf8');
}

/** Appends one JSON line per 👍/👎; the user is stored only as an HMAC-SHA256 of their id under a secret key. */
export class FeedbackLog {
	public constructor(
		private readonly file: string,
		private readonly key: Buffer,
		private readonly now: () => Date = () => new Date(),
	) {}

	public async record({ command, question, verdict, userId, citations }: Feedback): Promise<void> {
		const line = JSON.stringify({
			time: this.now().toISOString(),
			command,
			question,
			verdict,
			user: createHmac('sha256', this.key).update(userId).digest('hex'),
			citations,
		});
		await mkdir(dirname(this.file), { recursive: true });
		await appendFile(this.file, `${line}\n`, 'utf8');
	}
}
