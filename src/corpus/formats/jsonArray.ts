import { decodeText } from '../decodeText.ts';
import { readWhole } from './readWhole.ts';
import { rowFieldDetector, rowToItem } from './rowFields.ts';
import type { FormatReader } from './types.ts';

/** Keys under which exports commonly nest their array of articles. */
const ARRAY_KEYS = ['articles', 'items', 'data', 'results', 'records', 'stories'];

function articleArray(data: unknown): unknown[] {
	if (Array.isArray(data)) return data;
	if (data !== null && typeof data === 'object') {
		for (const key of ARRAY_KEYS) {
			const value = (data as Record<string, unknown>)[key];
			if (Array.isArray(value)) return value;
		}
	}
	throw new Error(`the JSON is not an array of articles (nor an object with one under ${ARRAY_KEYS.join(', ')})`);
}

/** `.json`: an array of article objects (read whole, so capped in size; use .jsonl for large exports). */
export const jsonArrayReader: FormatReader = {
	extensions: ['.json'],
	multiArticle: true,
	async *read(source) {
		let data: unknown;
		try {
			data = JSON.parse(decodeText(await readWhole(source)));
		} catch (error) {
			throw new Error(`the file is not valid JSON (${(error as Error).message})`, { cause: error });
		}
		const rows = articleArray(data);
		const fieldsOf = rowFieldDetector(source.config);
		for (const [index, row] of rows.entries()) {
			const where = `item ${index + 1}`;
			if (row === null || typeof row !== 'object' || Array.isArray(row)) {
				yield { problem: 'the item is not a JSON object', where };
				continue;
			}
			yield rowToItem(row as Record<string, unknown>, fieldsOf(Object.keys(row)), where, index + 1);
		}
	},
};
