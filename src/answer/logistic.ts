/** A fitted logistic regression: P(y = 1 | x) = σ(bias + weights · x); used to calibrate confidence. */
export interface LogisticModel {
	readonly weights: readonly number[];
	readonly bias: number;
}

export function sigmoid(z: number): number {
	return 1 / (1 + Math.exp(-z));
}

/** The inverse of σ, clipped so that 0 and 1 stay finite. */
export function logit(p: number): number {
	const clipped = Math.min(1 - 1e-6, Math.max(1e-6, p));
	return Math.log(clipped / (1 - clipped));
}
