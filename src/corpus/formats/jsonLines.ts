import { createInterface } from 'node:readline';
import { openTextStream } from '../decodeText.ts';
import { rowFieldDetector, rowToItem } from './rowFields.ts';
import type { FormatReader } from './types.ts';

/** `.jsonl`, `.ndjson`: one article object per line, streamed, so a file of any size is read line by line. */
export const jsonLinesReader: FormatReader = {
	extensions: ['.jsonl', '.ndjson'],
	multiArticle: true,
	async *read(source) {
		const lines = createInterface({ input: await openTextStream(source.path), crlfDelay: Infinity });
		let number = 0;
		const fieldsOf = rowFieldDetector(source.config);
		for await (const line of lines) {
			number++;
			if (line.trim().length === 0) continue;
			const where = `line ${number}`;
			let row: unknown;
			try {
				row = JSON.parse(line);
			} catch (error) {
				yield { problem: `the line is not JSON (${(error as Error).message})`, where };
				continue;
			}
			if (row === null || typeof row !== 'object' || Array.isArray(row)) {
				yield { problem: 'the line is not a JSON object', where };
				continue;
			}
			const record = row as Record<string, unknown>;
			yield rowToItem(record, fieldsOf(Object.keys(record)), where, number);
		}
	},
};
