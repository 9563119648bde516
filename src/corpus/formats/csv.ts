import { parse, type CsvError } from 'csv-parse';
import { openTextStream } from '../decodeText.ts';
import { detectFields, rowToItem } from './rowFields.ts';
import type { FormatReader } from './types.ts';

/** `.csv`: a header row, then one article per row, streamed (csv-parse); a malformed row is skipped, not the file. */
export const csvReader: FormatReader = {
	extensions: ['.csv'],
	multiArticle: true,
	async *read(source) {
		const skipped: CsvError[] = [];
		const parser = (await openTextStream(source.path)).pipe(
			parse({ columns: true, bom: true, skip_empty_lines: true, skip_records_with_error: true, info: true }),
		);
		parser.on('skip', (error: CsvError) => skipped.push(error));
		let mapping: ReturnType<typeof detectFields> | undefined;
		const drainSkipped = function* () {
			for (const error of skipped.splice(0)) {
				const line = (error as CsvError & { lines?: number }).lines;
				yield { problem: `the row is malformed (${error.message})`, where: `line ${line ?? '?'}` };
			}
		};
		try {
			for await (const { record, info } of parser as AsyncIterable<{
				record: Record<string, string>;
				info: { lines: number; records: number };
			}>) {
				yield* drainSkipped();
				mapping ??= detectFields(Object.keys(record), source.config);
				yield rowToItem(record, mapping, `line ${info.lines}`, info.records);
			}
		} catch (error) {
			throw new Error(`the CSV cannot be parsed (${(error as Error).message})`, { cause: error });
		}
		yield* drainSkipped();
	},
};
