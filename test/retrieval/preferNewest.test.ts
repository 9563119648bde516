import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UseLiteEmbeddings } from '../../src/embeddings/UseLiteEmbeddings.ts';
import { preferNewest, SAME_CLAIM_SIMILARITY } from '../../src/retrieval/preferNewest.ts';
import { cosine } from '../embeddings/referenceVectors.ts';

/** The same report in two articles, or an update of it with new figures or a new day. */
const SAME_CLAIM: [string, string][] = [
	[
		'The central bank held its main interest rate at 4 percent on Thursday.',
		'The central bank kept its main interest rate at 4.25 percent on Wednesday.',
	],
	[
		'The harbour council voted to rebuild the breakwater with state funds.',
		'Councillors approved rebuilding the harbour breakwater using money from the state.',
	],
	[
		'President Trump pressed Xi Jinping to curb exports of fentanyl.',
		'Trump urged Xi to stop fentanyl shipments to the United States.',
	],
	[
		'The ferry service to the island resumed on Monday after repairs.',
		'Ferry crossings to the island restarted on Friday once repairs were done.',
	],
];
/** Sentences on one topic that say different things. */
const DIFFERENT_CLAIMS: [string, string][] = [
	[
		'The central bank held its main interest rate at 4 percent on Thursday.',
		'Inflation rose to 3.1 percent in April, the statistics office said.',
	],
	[
		'The central bank held its main interest rate at 4 percent on Thursday.',
		'The bank said it would open three new branches in the north.',
	],
	[
		'The ferry service to the island resumed on Monday after repairs.',
		'The island school reopened on Monday after the holidays.',
	],
	['Trump and Xi agreed to cut tariffs on soybeans.', 'China will buy more American soybeans, officials said.'],
];

describe('the same-claim threshold on USE lite vectors', () => {
	let model: UseLiteEmbeddings;
	beforeAll(async () => {
		model = await UseLiteEmbeddings.load();
	});
	afterAll(() => model.close());

	const similarity = async ([a, b]: [string, string]): Promise<number> => {
		const [first, second] = await model.embedDocuments([a, b]);
		return cosine(first!, second!);
	};

	it('counts a report and its update as saying the same thing', async () => {
		for (const pair of SAME_CLAIM)
			expect(await similarity(pair), pair[1]).toBeGreaterThanOrEqual(SAME_CLAIM_SIMILARITY);
	});

	it('keeps sentences on one topic that say different things apart', async () => {
		for (const pair of DIFFERENT_CLAIMS) expect(await similarity(pair), pair[1]).toBeLessThan(SAME_CLAIM_SIMILARITY);
	});
});

describe('preferNewest', () => {
	const unit = (angle: number): number[] => [Math.cos(angle), Math.sin(angle)];
	const item = (file: string, date: string | undefined, angle: number) => ({ file, date, vector: unit(angle) });

	it('puts the newest of a group where its best member stood, drops the rest, and keeps other items in order', () => {
		const ranked = [
			item('old.txt', '2024-01-01', 0),
			item('other.txt', '2025-01-01', Math.PI / 2),
			item('newest.txt', '2025-06-01', 0.1),
			item('middle.txt', '2025-03-01', 0.05),
			item('undated.txt', undefined, 0.02),
		];
		expect(preferNewest(ranked, 5).map(({ file }) => file)).toEqual(['newest.txt', 'other.txt']);
	});

	it('never lets two passages of one article stand in for each other, and returns at most k', () => {
		const ranked = [item('a.txt', '2024-01-01', 0), item('a.txt', '2025-01-01', 0), item('b.txt', '2023-01-01', 1.5)];
		expect(preferNewest(ranked, 2).map(({ file, date }) => `${file}@${date}`)).toEqual([
			'a.txt@2024-01-01',
			'a.txt@2025-01-01',
		]);
	});
});
