import { createHash } from 'node:crypto';
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

/** Appends one JSON line per 👍/👎; the user is stored only as a sha256 of their id. */
export class FeedbackLog {
	public constructor(
		private readonly file: string,
		private readonly now: () => Date = () => new Date(),
	) {}

	public async record({ command, question, verdict, userId, citations }: Feedback): Promise<void> {
		const line = JSON.stringify({
			time: this.now().toISOString(),
			command,
			question,
			verdict,
			user: createHash('sha256').update(userId).digest('hex'),
			citations,
		});
		await mkdir(dirname(this.file), { recursive: true });
		await appendFile(this.file, `${line}\n`, 'utf8');
	}
}
