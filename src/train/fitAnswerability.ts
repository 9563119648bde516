import type { QuestionExamples } from './collectExamples.ts';
import { logit } from '../answer/logistic.ts';
import { fitLogistic } from './logisticRegression.ts';

/** Fits a model on rows of features and 0/1 labels, and returns its probability for a row. */
export type Fitter = (
	rows: readonly (readonly number[])[],
	labels: readonly number[],
) => (x: readonly number[]) => number;

/** One question's out-of-fold verdict: the confidence of its best candidate, and whether that candidate answers it. */
export interface Verdict {
	readonly answerable: boolean;
	/** The best candidate's sentence probability, before calibration. */
	readonly score: number;
	/** The best candidate holds the answer. */
	readonly correct: boolean;
}

const FOLDS = 4;

/** Questions split into folds by group (article), so that no fold is tested on an article it was trained on. */
function folds(examples: readonly QuestionExamples[]): number[] {
	const groups = [...new Set(examples.map((example) => example.group))].sort();
	const foldOf = new Map(groups.map((group, i) => [group, i % FOLDS]));
	return examples.map((example) => foldOf.get(example.group) ?? 0);
}

function rowsOf(examples: readonly QuestionExamples[], keep: (i: number) => boolean, mask?: readonly boolean[]) {
	const rows: number[][] = [];
	const labels: number[] = [];
	examples.forEach((example, i) => {
		if (!keep(i)) return;
		for (let copy = 0; copy < (example.weight ?? 1); copy++) {
			example.features.forEach((features, j) => {
				rows.push(mask ? features.filter((_, k) => mask[k]) : features);
				labels.push(example.labels[j] ?? 0);
			});
		}
	});
	return { rows, labels };
}

function verdictOf(
	probability: (x: readonly number[]) => number,
	example: QuestionExamples,
	mask?: readonly boolean[],
): Verdict {
	let best = -1;
	let score = 0;
	example.features.forEach((features, j) => {
		const p = probability(mask ? features.filter((_, k) => mask[k]) : features);
		if (p > score) {
			score = p;
			best = j;
		}
	});
	return { answerable: example.answerable, score, correct: best >= 0 && example.labels[best] === 1 };
}

/** Out-of-fold verdicts: each question scored by a model fitted on the other folds. */
export function crossValidate(
	examples: readonly QuestionExamples[],
	fit: Fitter,
	mask?: readonly boolean[],
): Verdict[] {
	const fold = folds(examples);
	const verdicts = new Array<Verdict>(examples.length);
	for (let f = 0; f < FOLDS; f++) {
		const { rows, labels } = rowsOf(examples, (i) => fold[i] !== f, mask);
		const probability = fit(rows, labels);
		examples.forEach((example, i) => {
			if (fold[i] === f) verdicts[i] = verdictOf(probability, example, mask);
		});
	}
	return verdicts;
}

/** All the examples as rows and labels, for the model that ships. */
export function allRows(examples: readonly QuestionExamples[]): { rows: number[][]; labels: number[] } {
	return rowsOf(examples, () => true);
}

/** Platt scaling: P(correct) = σ(a·logit(score) + b), fitted on out-of-fold verdicts. */
export function fitCalibration(verdicts: readonly Verdict[]): { a: number; b: number } {
	const model = fitLogistic(
		verdicts.map((verdict) => [logit(verdict.score)]),
		verdicts.map((verdict) => (verdict.correct ? 1 : 0)),
		{ l2: 0 },
	);
	return { a: model.weights[0] ?? 1, b: model.bias };
}
