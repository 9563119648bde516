/** A node of a regression tree: a split on one feature, or a leaf adding its value to the score. */
export type TreeNode =
	| { readonly feature: number; readonly threshold: number; readonly left: number; readonly right: number }
	| { readonly value: number };

/** Gradient-boosted regression trees for a log-odds score: P(y = 1 | x) = σ(base + Σ tree(x)). */
export interface BoostedTrees {
	readonly base: number;
	/** Each tree's nodes, its root first; a split sends x to `left` when x[feature] ≤ threshold. */
	readonly trees: readonly (readonly TreeNode[])[];
}

export function treesScore(model: BoostedTrees, x: readonly number[]): number {
	let z = model.base;
	for (const tree of model.trees) {
		let node = tree[0];
		while (node && !('value' in node)) node = tree[(x[node.feature] ?? 0) <= node.threshold ? node.left : node.right];
		z += node?.value ?? 0;
	}
	return z;
}
