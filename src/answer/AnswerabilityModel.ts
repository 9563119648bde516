import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { FEATURE_NAMES } from './candidateFeatures.ts';
import { treesScore } from './boostedTrees.ts';
import { logit, sigmoid } from './logistic.ts';

/** The shipped model, fitted by `npm run train`. */
export const ANSWERABILITY_MODEL_FILE = new URL('./answerabilityModel.json', import.meta.url);

const weightsSchema = z.object({
	version: z.literal(1),
	features: z.array(z.string()),
	/** Gradient-boosted trees over the features, giving a candidate's log-odds of answering the question. */
	base: z.number(),
	trees: z.array(
		z.array(
			z.union([
				z.object({
					feature: z.number().int().nonnegative(),
					threshold: z.number(),
					left: z.number().int(),
					right: z.number().int(),
				}),
				z.object({ value: z.number() }),
			]),
		),
	),
	/** Platt scaling of the best candidate's probability into the chance that its quote answers the question. */
	calibration: z.object({ a: z.number(), b: z.number() }),
	/** Confidence from which a quote is given as the answer, and from which it is shown as the closest the articles come. */
	bands: z.object({ answer: z.number().min(0).max(1), closest: z.number().min(0).max(1) }),
	trainedOn: z.record(z.string(), z.unknown()),
});

export type AnswerabilityWeights = z.infer<typeof weightsSchema>;

/**
 * The probability that a candidate sentence answers its question, learned from SQuAD 2.0's dev split and the seed set
 * (see `npm run train`), and the calibrated confidence of a whole answer.
 */
export class AnswerabilityModel {
	private constructor(private readonly weights: AnswerabilityWeights) {}

	/** @throws AppError('MODEL_INVALID') when the file is not a model for this version's features. */
	public static fromJson(text: string, source: string): AnswerabilityModel {
		let parsed: AnswerabilityWeights;
		try {
			parsed = weightsSchema.parse(JSON.parse(text));
		} catch (error) {
			throw new AppError('MODEL_INVALID', `${source} is not an answerability model: ${(error as Error).message}`, {
				cause: error,
			});
		}
		const expected = FEATURE_NAMES.join(',');
		const outOfRange = parsed.trees.some((tree) =>
			tree.some((node) =>
				'value' in node ? false : node.feature >= FEATURE_NAMES.length || !tree[node.left] || !tree[node.right],
			),
		);
		if (parsed.features.join(',') !== expected || outOfRange) {
			throw new AppError(
				'MODEL_INVALID',
				`${source} was trained on other features than this version computes. Run npm run train to refit it.`,
			);
		}
		return new AnswerabilityModel(parsed);
	}

	/** The model that ships with Footnote. */
	public static load(file: URL = ANSWERABILITY_MODEL_FILE): AnswerabilityModel {
		return AnswerabilityModel.fromJson(readFileSync(file, 'utf8'), file.pathname);
	}

	public get bands(): AnswerabilityWeights['bands'] {
		return this.weights.bands;
	}

	/** Probability that a sentence with these features answers its question. */
	public probability(features: readonly number[]): number {
		return sigmoid(treesScore(this.weights, features));
	}

	/** Calibrated chance that quoting the best candidate, of this probability, answers the question. */
	public confidence(probability: number): number {
		const { a, b } = this.weights.calibration;
		return sigmoid(a * logit(probability) + b);
	}
}
