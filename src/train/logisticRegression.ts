import { sigmoid, type LogisticModel } from '../answer/logistic.ts';

/** Solves A x = b for a symmetric positive-definite A by Cholesky decomposition (A is small: one row per feature). */
function solve(a: number[][], b: number[]): number[] {
	const n = b.length;
	const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
	for (let i = 0; i < n; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = a[i]![j]!;
			for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
			l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
		}
	}
	const y = new Array<number>(n).fill(0);
	for (let i = 0; i < n; i++) {
		let sum = b[i]!;
		for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
		y[i] = sum / l[i]![i]!;
	}
	const x = new Array<number>(n).fill(0);
	for (let i = n - 1; i >= 0; i--) {
		let sum = y[i]!;
		for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
		x[i] = sum / l[i]![i]!;
	}
	return x;
}

/**
 * Fits by Newton's method (iteratively reweighted least squares) with an L2 penalty on the weights, not the bias:
 * exact and quick for a few dozen features, and the same data always gives the same weights.
 */
export function fitLogistic(
	rows: readonly (readonly number[])[],
	labels: readonly number[],
	{ l2 = 1, iterations = 25 }: { l2?: number; iterations?: number } = {},
): LogisticModel {
	const d = (rows[0]?.length ?? 0) + 1;
	let beta = new Array<number>(d).fill(0);
	const features = (x: readonly number[]): number[] => [1, ...x];
	for (let iteration = 0; iteration < iterations; iteration++) {
		const gradient = new Array<number>(d).fill(0);
		const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
		rows.forEach((row, r) => {
			const x = features(row);
			let z = 0;
			for (let i = 0; i < d; i++) z += beta[i]! * x[i]!;
			const p = sigmoid(z);
			const residual = (labels[r] ?? 0) - p;
			const w = Math.max(p * (1 - p), 1e-9);
			for (let i = 0; i < d; i++) {
				gradient[i]! += residual * x[i]!;
				if (x[i] === 0) continue;
				for (let j = 0; j <= i; j++) hessian[i]![j]! += w * x[i]! * x[j]!;
			}
		});
		for (let i = 0; i < d; i++) {
			for (let j = 0; j < i; j++) hessian[j]![i] = hessian[i]![j]!;
			if (i > 0) {
				gradient[i]! -= l2 * beta[i]!;
				hessian[i]![i]! += l2;
			}
		}
		const step = solve(hessian, gradient);
		beta = beta.map((value, i) => value + step[i]!);
		if (Math.max(...step.map(Math.abs)) < 1e-7) break;
	}
	return { bias: beta[0]!, weights: beta.slice(1) };
}
