import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const lineSchema = z.object({
	time: z.iso.datetime(),
	command: z.string(),
	question: z.string(),
	verdict: z.enum(['up', 'down']),
	user: z.string().regex(/^[0-9a-f]{64}$/),
	citations: z.array(z.string()).default([]),
});

export type FeedbackLine = z.infer<typeof lineSchema>;

export interface FeedbackLog {
	readonly votes: FeedbackLine[];
	/** Lines that could not be read, by number, with why. */
	readonly skipped: { readonly line: number; readonly reason: string }[];
}

/** Reads the JSON-lines feedback file earlier versions appended to; undefined when there is none. */
export async function readFeedbackLog(file: string): Promise<FeedbackLog | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	const votes: FeedbackLine[] = [];
	const skipped: { line: number; reason: string }[] = [];
	text.split('\n').forEach((raw, index) => {
		if (raw.trim() === '') return;
		try {
			const parsed = lineSchema.safeParse(JSON.parse(raw));
			if (parsed.success) votes.push(parsed.data);
			else
				skipped.push({ line: index + 1, reason: parsed.error.issues.map((issue) => issue.path.join('.')).join(', ') });
		} catch {
			skipped.push({ line: index + 1, reason: 'not JSON' });
		}
	});
	return { votes, skipped };
}
