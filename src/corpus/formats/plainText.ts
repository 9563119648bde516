import { decodeText } from '../decodeText.ts';
import { readWhole } from './readWhole.ts';
import type { FormatReader } from './types.ts';

/** `.txt`: one paragraph per line or blank-line separated, headline and date line first when present. */
export const plainTextReader: FormatReader = {
	extensions: ['.txt'],
	multiArticle: false,
	async *read(source) {
		yield { article: { text: decodeText(await readWhole(source)) } };
	},
};
