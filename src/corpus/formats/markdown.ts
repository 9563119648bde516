import { decodeText } from '../decodeText.ts';
import { markdownToText } from '../markdownToText.ts';
import { readWhole } from './readWhole.ts';
import type { FormatReader } from './types.ts';

/** `.md`, `.markdown`: front matter and a leading heading become metadata. */
export const markdownReader: FormatReader = {
	extensions: ['.md', '.markdown'],
	multiArticle: false,
	async *read(source) {
		yield { article: markdownToText(decodeText(await readWhole(source))) };
	},
};
