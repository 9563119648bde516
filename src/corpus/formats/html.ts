import { decodeText } from '../decodeText.ts';
import { htmlToText } from '../htmlToText.ts';
import { readWhole } from './readWhole.ts';
import type { FormatReader } from './types.ts';

/** `.html`, `.htm`: a saved web page, reduced to its article text and metadata. */
export const htmlReader: FormatReader = {
	extensions: ['.html', '.htm'],
	multiArticle: false,
	async *read(source) {
		yield { article: htmlToText(decodeText(await readWhole(source))) };
	},
};
