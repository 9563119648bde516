import { analyseCandidates, profileQuestion, type TermStats } from '../answer/candidateFeatures.ts';
import type { RetrievedPassage } from '../answer/types.ts';
import type { TextAnalyser } from '../text/analyseText.ts';

/** A labelled question: where its answer stands (nothing when it is unanswerable), and the group it is held out by. */
export interface LabelledQuestion {
	readonly id: string;
	readonly question: string;
	/** Cross-validation keeps a group's questions together: an article, so no fold trains on its test article. */
	readonly group: string;
	readonly answerable: boolean;
	readonly holdsAnswer: (file: string, start: number, end: number) => boolean;
}

/** The analysed candidates of one question, each with its features and whether it holds the answer. */
export interface QuestionExamples {
	readonly id: string;
	readonly group: string;
	readonly answerable: boolean;
	readonly features: number[][];
	readonly labels: number[];
	/** How many times its rows count in fitting: a small set in the product's own domain is weighed up. */
	readonly weight?: number;
}

/** Retrieves for every question as the engine does and turns its candidates into training examples. */
export async function collectExamples(
	search: (question: string) => Promise<readonly RetrievedPassage[]>,
	questions: readonly LabelledQuestion[],
	terms: TermStats,
	analyser: TextAnalyser,
	onProgress?: (done: number, total: number) => void,
): Promise<QuestionExamples[]> {
	const examples: QuestionExamples[] = [];
	for (const [i, question] of questions.entries()) {
		const retrieved = await search(question.question);
		const profile = profileQuestion(question.question, terms, analyser);
		const analysed = analyseCandidates(profile, retrieved, analyser);
		examples.push({
			id: question.id,
			group: question.group,
			answerable: question.answerable,
			features: analysed.map(({ features }) => features),
			labels: analysed.map(({ candidate }) =>
				question.holdsAnswer(candidate.source.passage.file, candidate.start, candidate.end) ? 1 : 0,
			),
		});
		onProgress?.(i + 1, questions.length);
	}
	return examples;
}
