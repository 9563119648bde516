import type { AnswerabilityWeights } from '../answer/AnswerabilityModel.ts';
import { FEATURE_NAMES } from '../answer/candidateFeatures.ts';
import { logit, sigmoid } from '../answer/logistic.ts';
import { accuracyAt, expectedCalibrationError, rocAuc, type Scored } from '../eval/calibration.ts';
import type { QuestionExamples } from './collectExamples.ts';
import { treesScore } from '../answer/boostedTrees.ts';
import { allRows, crossValidate, fitCalibration, type Fitter, type Verdict } from './fitAnswerability.ts';
import { fitBoostedTrees, type BoostingOptions } from './gradientBoosting.ts';

/** Feature families, for the ablation: each is dropped in turn and the cross-validated AUC measured without it. */
const FAMILIES: Readonly<Record<string, (name: string) => boolean>> = {
	similarity: (name) => /similarity|prescore_rank|passage_rank|fused_score/u.test(name),
	coverage: (name) => /coverage|bigram|new_term/u.test(name),
	'missing names and numbers': (name) => /missing/u.test(name) && name !== 'polar_words_missing',
	'swapped and polar words': (name) => /substituted|unmatched|polar|aligned|inserted/u.test(name),
	'answer type': (name) => /^asks_|constraints_met|expected_entity|new_proper_nouns/u.test(name),
	negation: (name) => /negat/u.test(name),
	shape: (name) => /question_terms|sentence_terms|ends_with_colon/u.test(name),
};

/** Measured against 100 trees of depth 3 (cross-validated AUC 0.697) and logistic regression (0.683): the best of the three. */
export const BOOSTING: BoostingOptions = { trees: 200, depth: 4, learningRate: 0.05 };

/** The middle band starts where a quote is right about one time in seven: below, the closest sentence is noise. */
const CLOSEST_BAND = 0.15;

function scoredOf(verdicts: readonly Verdict[], calibrate: (score: number) => number): Scored[] {
	return verdicts.map((verdict) => ({ ...verdict, confidence: calibrate(verdict.score) }));
}

/**
 * Answering helps only if most answerable questions get an answer: among the thresholds at which at least this share
 * of answerable questions is answered with the right sentence, the answer band starts at the most accurate.
 */
export const MIN_ANSWERED_RIGHT = 0.61;

function answeredRight(items: readonly Scored[], threshold: number): number {
	const answerable = items.filter((item) => item.answerable);
	return (
		answerable.filter((item) => item.confidence >= threshold && item.correct).length / Math.max(1, answerable.length)
	);
}

function bestThreshold(items: readonly Scored[]): { threshold: number; accuracy: number } {
	let best = { threshold: 0.05, accuracy: accuracyAt(items, 0.05) };
	for (let step = 5; step <= 95; step++) {
		const threshold = step / 100;
		const accuracy = accuracyAt(items, threshold);
		if (answeredRight(items, threshold) >= MIN_ANSWERED_RIGHT && accuracy > best.accuracy)
			best = { threshold, accuracy };
	}
	return best;
}

function aucOf(items: readonly Scored[], positive: (item: Scored) => boolean): number {
	return rocAuc(
		items.map((item) => item.confidence),
		items.map(positive),
	);
}

function round(value: number): number {
	return Math.round(value * 10_000) / 10_000;
}

/**
 * Fits the answerability model: cross-validated by article to measure it, calibrate its confidence and choose the
 * answer band; then on all the examples for the weights that ship. Returns the weights and a report for people.
 */
export function trainAnswerability(
	examples: readonly QuestionExamples[],
	options: BoostingOptions,
	ablation = true,
): { weights: AnswerabilityWeights; report: string[] } {
	const fit: Fitter = (rows, labels) => {
		const model = fitBoostedTrees(rows, labels, options);
		return (x) => sigmoid(treesScore(model, x));
	};
	const allVerdicts = crossValidate(examples, fit);
	// Calibration and bands come from the benchmark's questions alone: the weighed-up domain set would skew them.
	const benchmark = (i: number): boolean => (examples[i]?.weight ?? 1) === 1;
	const verdicts = allVerdicts.filter((_, i) => benchmark(i));
	const calibration = fitCalibration(verdicts);
	const calibrate = (score: number): number => sigmoid(calibration.a * logit(score) + calibration.b);
	const scored = scoredOf(verdicts, calibrate);
	const domain = scoredOf(
		allVerdicts.filter((_, i) => !benchmark(i)),
		calibrate,
	);
	const { threshold, accuracy } = bestThreshold(scored);
	const answerability = aucOf(scored, (item) => item.answerable);
	const rightQuote = aucOf(scored, (item) => item.correct);
	const ece = expectedCalibrationError(scored);
	const candidates = examples.reduce((sum, example) => sum + example.labels.length, 0);
	const answerable = scored.filter((item) => item.answerable);
	const unanswerable = scored.filter((item) => !item.answerable);
	const share = (count: number, of: number): string => (of === 0 ? '0' : (count / of).toFixed(3));
	const report = [
		`${examples.length} questions, ${candidates} candidate sentences`,
		'Cross-validated, 4 folds by article (figures on the benchmark questions; the weighed-up set is reported after):',
		`  AUC answerable vs unanswerable ${answerability.toFixed(3)}; right quote vs not ${rightQuote.toFixed(3)}`,
		`  answer from confidence ${threshold.toFixed(2)} (the most accurate with at least ${MIN_ANSWERED_RIGHT} of answerable questions answered right): accuracy ${accuracy.toFixed(3)}, ` +
			`answerable answered with the right sentence ${answeredRight(scored, threshold).toFixed(3)}, ` +
			`unanswerable refused ${share(unanswerable.filter((item) => item.confidence < threshold).length, unanswerable.length)}`,
		`  best candidate right (answerable) ${share(answerable.filter((item) => item.correct).length, answerable.length)}`,
		`  expected calibration error ${ece.toFixed(3)}`,
		'  from  answerable right  unanswerable refused  accuracy',
		...[0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6].map(
			(from) =>
				`  ${from.toFixed(2)}  ${share(answerable.filter((item) => item.confidence >= from && item.correct).length, answerable.length).padStart(16)}  ${share(unanswerable.filter((item) => item.confidence < from).length, unanswerable.length).padStart(20)}  ${accuracyAt(scored, from).toFixed(3).padStart(8)}`,
		),
	];
	if (domain.length > 0) {
		const domainAnswerable = domain.filter((item) => item.answerable);
		const domainUnanswerable = domain.filter((item) => !item.answerable);
		report.push(
			`Weighed-up set, out of fold, answering from ${threshold.toFixed(2)}: answerable answered with the right sentence ${share(domainAnswerable.filter((item) => item.confidence >= threshold && item.correct).length, domainAnswerable.length)}, unanswerable refused ${share(domainUnanswerable.filter((item) => item.confidence < threshold).length, domainUnanswerable.length)}`,
		);
	}
	if (ablation) {
		report.push('Feature families (cross-validated AUC answerable vs unanswerable without each):');
		for (const [family, inFamily] of Object.entries(FAMILIES)) {
			const mask = FEATURE_NAMES.map((name) => !inFamily(name));
			const value = aucOf(
				scoredOf(crossValidate(examples, fit, mask), (score) => score),
				(item) => item.answerable,
			);
			report.push(`  without ${family.padEnd(26)} ${value.toFixed(3)} (${(value - answerability).toFixed(3)})`);
		}
	}
	const { rows, labels } = allRows(examples);
	const model = fitBoostedTrees(rows, labels, options);
	const weights: AnswerabilityWeights = {
		version: 1,
		features: [...FEATURE_NAMES],
		base: model.base,
		trees: model.trees.map((tree) => [...tree]),
		calibration,
		bands: { answer: threshold, closest: Math.min(CLOSEST_BAND, threshold) },
		trainedOn: {
			data: ['SQuAD 2.0 dev split (16 articles)', 'seed evaluation set'],
			questions: examples.length,
			candidates,
			boosting: options,
			crossValidated: {
				aucAnswerable: round(answerability),
				aucRightQuote: round(rightQuote),
				accuracy: round(accuracy),
				expectedCalibrationError: round(ece),
			},
		},
	};
	return { weights, report };
}
