import type { BoostedTrees, TreeNode } from '../answer/boostedTrees.ts';
import { logit, sigmoid } from '../answer/logistic.ts';

export interface BoostingOptions {
	readonly trees?: number;
	readonly depth?: number;
	readonly learningRate?: number;
	/** Least total hessian (about p(1 − p) summed) a leaf may hold: keeps leaves from fitting a handful of rows. */
	readonly minLeafWeight?: number;
	/** L2 penalty on leaf values. */
	readonly lambda?: number;
	/** Candidate split points per feature, at quantiles of its values. */
	readonly bins?: number;
}

/** Split points of one feature: distinct values at evenly spaced quantiles. */
function thresholdsOf(values: Float64Array, bins: number): number[] {
	const sorted = Float64Array.from(values).sort();
	const points = new Set<number>();
	for (let b = 1; b < bins; b++) points.add(sorted[Math.floor((b * sorted.length) / bins)] ?? 0);
	return [...points].sort((a, b) => a - b);
}

/**
 * Fits gradient-boosted trees on the logistic loss (Newton steps per leaf, histogram splits), deterministically: the
 * same rows always give the same trees. Small by design: a hundred trees of depth three.
 */
export function fitBoostedTrees(
	rows: readonly (readonly number[])[],
	labels: readonly number[],
	{ trees = 100, depth = 3, learningRate = 0.1, minLeafWeight = 20, lambda = 1, bins = 32 }: BoostingOptions = {},
): BoostedTrees {
	const n = rows.length;
	const d = rows[0]?.length ?? 0;
	const columns = Array.from({ length: d }, (_, f) => Float64Array.from(rows, (row) => row[f] ?? 0));
	const thresholds = columns.map((column) => thresholdsOf(column, bins));
	// Each value's bin: the first threshold it does not exceed (values above every threshold go to the last bin).
	const binned = columns.map((column, f) => {
		const points = thresholds[f]!;
		return Uint8Array.from(column, (value) => {
			let lo = 0;
			let hi = points.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (value <= points[mid]!) hi = mid;
				else lo = mid + 1;
			}
			return lo;
		});
	});
	const mean = labels.reduce((sum, label) => sum + label, 0) / Math.max(1, n);
	const base = logit(mean);
	const score = new Float64Array(n).fill(base);
	const gradient = new Float64Array(n);
	const hessian = new Float64Array(n);
	const fitted: TreeNode[][] = [];

	for (let t = 0; t < trees; t++) {
		for (let i = 0; i < n; i++) {
			const p = sigmoid(score[i]!);
			gradient[i] = p - (labels[i] ?? 0);
			hessian[i] = Math.max(p * (1 - p), 1e-6);
		}
		const nodes: TreeNode[] = [];
		const grow = (members: Uint32Array, level: number): number => {
			const at = nodes.length;
			nodes.push({ value: 0 });
			let g = 0;
			let h = 0;
			for (const i of members) {
				g += gradient[i]!;
				h += hessian[i]!;
			}
			const leaf = (): number => {
				const value = (-g / (h + lambda)) * learningRate;
				nodes[at] = { value };
				for (const i of members) score[i]! += value;
				return at;
			};
			if (level >= depth || h < 2 * minLeafWeight) return leaf();
			const parentGain = (g * g) / (h + lambda);
			let best = { gain: 1e-9, feature: -1, bin: -1 };
			for (let f = 0; f < d; f++) {
				const bucketsG = new Float64Array(bins + 1);
				const bucketsH = new Float64Array(bins + 1);
				const column = binned[f]!;
				for (const i of members) {
					bucketsG[column[i]!]! += gradient[i]!;
					bucketsH[column[i]!]! += hessian[i]!;
				}
				let leftG = 0;
				let leftH = 0;
				for (let b = 0; b < thresholds[f]!.length; b++) {
					leftG += bucketsG[b]!;
					leftH += bucketsH[b]!;
					const rightH = h - leftH;
					if (leftH < minLeafWeight || rightH < minLeafWeight) continue;
					const rightG = g - leftG;
					const gain = (leftG * leftG) / (leftH + lambda) + (rightG * rightG) / (rightH + lambda) - parentGain;
					if (gain > best.gain) best = { gain, feature: f, bin: b };
				}
			}
			if (best.feature < 0) return leaf();
			const column = binned[best.feature]!;
			const left = members.filter((i) => column[i]! <= best.bin);
			const right = members.filter((i) => column[i]! > best.bin);
			const leftAt = grow(left, level + 1);
			const rightAt = grow(right, level + 1);
			nodes[at] = {
				feature: best.feature,
				threshold: thresholds[best.feature]![best.bin]!,
				left: leftAt,
				right: rightAt,
			};
			return at;
		};
		grow(
			Uint32Array.from({ length: n }, (_, i) => i),
			0,
		);
		fitted.push(nodes);
	}
	return { base, trees: fitted };
}
