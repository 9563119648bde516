import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Characters of JSON parsed between yields: a few milliseconds of `JSON.parse`. */
const PARSE_SLICE_CHARS = 500_000;

/**
 * Parses text holding one JSON value per line, yielding to the event loop between slices, so that loading a large
 * index never holds a serving bot for long (one `JSON.parse` of the whole file would).
 * @throws SyntaxError naming the line that is not valid JSON.
 */
export async function parseJsonLines(text: string): Promise<unknown[]> {
	const values: unknown[] = [];
	let sinceYield = 0;
	let line = 0;
	for (let start = 0; start < text.length; line++) {
		const newline = text.indexOf('\n', start);
		const end = newline === -1 ? text.length : newline;
		if (end > start) {
			try {
				values.push(JSON.parse(text.slice(start, end)));
			} catch (error) {
				throw new SyntaxError(`line ${line + 1} is not valid JSON: ${(error as Error).message}`, { cause: error });
			}
		}
		sinceYield += end - start;
		start = end + 1;
		if (sinceYield >= PARSE_SLICE_CHARS) {
			sinceYield = 0;
			await nextTurn();
		}
	}
	return values;
}

/** Writes one JSON value per line to `file`, a line at a time, so that no string of the whole file is ever built. */
export async function writeJsonLines(file: string, values: Iterable<unknown>): Promise<void> {
	const stream = createWriteStream(file);
	try {
		for (const value of values) {
			if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
		}
		stream.end();
		await finished(stream);
	} catch (error) {
		stream.destroy();
		throw error;
	}
}
