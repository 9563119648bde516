import type { RetrievedPassage } from '../../src/answer/types.ts';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';

export const BRIDGE =
	'The council approved the new bridge on Tuesday. Construction starts in May and will cost 40 million dollars.\n\n' +
	'Residents had campaigned for a crossing for more than a decade. The mayor thanked them at the meeting.';
export const LIBRARY =
	'The city library will open on Sundays from June. Its budget rose by 12% to 3,500,000 dollars this year.';

/** Retrieved passages of the two test articles, bridge first, as the retriever would hand them over. */
export function retrievedPassages(extra: Readonly<Record<string, string>> = {}): RetrievedPassage[] {
	const articles = [
		{ file: 'bridge.txt', title: 'Bridge Approved', date: '2024-05-02', publisher: 'Gazette', text: BRIDGE },
		{ file: 'library.txt', title: 'Library Hours', date: '2024-05-03', publisher: 'Gazette', text: LIBRARY },
		...Object.entries(extra).map(([file, text]) => ({
			file,
			title: file,
			date: '2024-05-04',
			publisher: 'Blog',
			text,
		})),
	];
	return articles.flatMap(({ text, ...meta }, a) => {
		const passages = chunkArticle(meta.file, text);
		return passages.map((passage, i) => ({
			passage,
			article: { ...meta, passageCount: passages.length },
			score: 1 - (a + i) * 0.1,
			similarity: 0.6,
			sentenceSimilarities: passage.sentences.map(() => 0.6),
		}));
	});
}
