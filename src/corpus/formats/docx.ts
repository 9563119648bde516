import mammoth from 'mammoth';
import { readWhole } from './readWhole.ts';
import type { FormatReader } from './types.ts';

/** `.docx`: the document's paragraphs as text (mammoth). */
export const docxReader: FormatReader = {
	extensions: ['.docx'],
	multiArticle: false,
	async *read(source) {
		const buffer = await readWhole(source);
		let text: string;
		try {
			text = (await mammoth.extractRawText({ buffer })).value;
		} catch (error) {
			throw new Error(`the file is not a readable Word document (${(error as Error).message})`, { cause: error });
		}
		yield { article: { text } };
	},
};
