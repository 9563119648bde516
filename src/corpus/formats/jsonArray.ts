import { JSONParser } from '@streamparser/json';
import { openTextStream } from '../decodeText.ts';
import { rowFieldDetector, rowToItem } from './rowFields.ts';
import type { FormatReader, ReadItem } from './types.ts';

/** Keys under which exports commonly nest their array of articles. */
const ARRAY_KEYS = ['articles', 'items', 'data', 'results', 'records', 'stories'];

const NO_ARTICLES = `the JSON holds no articles: no array of them at its top, nor under ${ARRAY_KEYS.join(', ')}`;

/** Runs a step of the parse; what the parser throws becomes the reason the file is skipped. */
function parsing(step: () => void): void {
	try {
		step();
	} catch (error) {
		throw new Error(`the file is not valid JSON (${(error as Error).message})`, { cause: error });
	}
}

/**
 * A parser that emits the array's items one by one and keeps none: the items of the top-level array, or of the first
 * array under one of {@link ARRAY_KEYS} in an object. Which depends on the document's first character, since a path
 * that also emitted the object's properties would hold the whole array in memory.
 */
function itemParser(first: string, onItem: (value: unknown, index: number) => void): JSONParser {
	const paths = first === '[' ? ['$.*'] : ARRAY_KEYS.map((key) => `$.${key}.*`);
	const parser = new JSONParser({ paths, keepStack: false });
	let arrayKey: unknown;
	parser.onValue = ({ value, key, stack }) => {
		arrayKey ??= stack[1]?.key;
		if (stack[1]?.key === arrayKey) onItem(value, Number(key));
	};
	return parser;
}

/** `.json`: an array of article objects, streamed item by item, so an export of any size is read. */
export const jsonArrayReader: FormatReader = {
	extensions: ['.json'],
	multiArticle: true,
	async *read(source) {
		const fieldsOf = rowFieldDetector(source.config);
		const found: ReadItem[] = [];
		const onItem = (row: unknown, index: number): void => {
			const where = `item ${index + 1}`;
			if (row === null || typeof row !== 'object' || Array.isArray(row)) {
				found.push({ problem: 'the item is not a JSON object', where });
			} else {
				found.push(rowToItem(row as Record<string, unknown>, fieldsOf(Object.keys(row)), where, index + 1));
			}
		};
		let parser: JSONParser | undefined;
		let items = 0;
		for await (const chunk of await openTextStream(source.path)) {
			const text = String(chunk);
			if (parser === undefined) {
				const first = /\S/u.exec(text)?.[0];
				if (first === undefined) continue;
				if (first !== '[' && first !== '{') throw new Error(NO_ARTICLES);
				parser = itemParser(first, onItem);
			}
			const open = parser;
			if (open.isEnded) {
				if (/\S/u.test(text)) throw new Error('the file is not valid JSON (more follows the end of its value)');
				continue;
			}
			parsing(() => open.write(text));
			items += found.length;
			yield* found.splice(0);
		}
		if (parser === undefined) throw new Error('the file is empty');
		const open = parser;
		if (!open.isEnded) parsing(() => open.end());
		items += found.length;
		yield* found.splice(0);
		if (items === 0) throw new Error(NO_ARTICLES);
	},
};
