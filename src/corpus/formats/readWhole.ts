import { readFile } from 'node:fs/promises';
import type { SourceFile } from './types.ts';

/** Formats read whole (text, HTML, PDF, DOCX, feeds) are refused above this size; row formats stream. */
export const MAX_DOCUMENT_BYTES = 32 * 1_024 * 1_024;

/**
 * Reads a file that must be parsed whole.
 * @throws Error naming the size limit when the file is larger.
 */
export async function readWhole(source: SourceFile): Promise<Buffer> {
	if (source.size > MAX_DOCUMENT_BYTES) {
		const mb = (bytes: number): string => `${Math.round(bytes / 1_024 / 1_024)} MB`;
		throw new Error(
			`the file is ${mb(source.size)}, above the ${mb(MAX_DOCUMENT_BYTES)} limit for a file read whole; ` +
				'split it, or export its articles as .jsonl, .json or .csv, which are read row by row',
		);
	}
	return readFile(source.path);
}
