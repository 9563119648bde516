import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Beside a corpus file `story.html`, `story.html.source.json` records where the file came from: `/add` writes one for
 * a page it fetched, and a team can write one for a PDF or a text file. Its `url` is the article's address when the
 * document does not state its own (canonical link, `og:url`, JSON-LD, front matter).
 */
export const SOURCE_RECORD_SUFFIX = '.source.json';

const sourceRecordSchema = z
	.object({ url: z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }) })
	.strict();

export type SourceRecord = z.infer<typeof sourceRecordSchema>;

/** The record's name for a corpus file. */
export function sourceRecordFor(file: string): string {
	return `${file}${SOURCE_RECORD_SUFFIX}`;
}

/** The corpus file a record describes, or undefined when `file` is not a source record. */
export function describedFile(file: string): string | undefined {
	return file.endsWith(SOURCE_RECORD_SUFFIX) && file.length > SOURCE_RECORD_SUFFIX.length
		? file.slice(0, -SOURCE_RECORD_SUFFIX.length)
		: undefined;
}

/** A record's text, as it is saved. */
export function sourceRecordText(record: SourceRecord): string {
	return `${JSON.stringify(record, null, '\t')}\n`;
}

/**
 * Reads and checks a source record.
 * @throws Error with a reason written for the file's owner when it is not JSON or not a record.
 */
export async function readSourceRecord(file: string): Promise<SourceRecord> {
	let data: unknown;
	try {
		data = JSON.parse(await readFile(file, 'utf8'));
	} catch (error) {
		throw new Error(`the source record is not valid JSON (${(error as Error).message})`, { cause: error });
	}
	const result = sourceRecordSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
		throw new Error(`the source record is not { "url": "https://…" } (${problems.join('; ')})`);
	}
	return result.data;
}
