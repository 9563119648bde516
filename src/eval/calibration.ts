/** A question as the calibration measures see it: the answer's confidence and whether its quote answers it. */
export interface Scored {
	readonly confidence: number;
	/** The best quote holds the answer (never, for an unanswerable question). */
	readonly correct: boolean;
	readonly answerable: boolean;
}

/**
 * Expected calibration error: the gap between confidence and the share of correct quotes, averaged over ten equal
 * bins of confidence weighted by how many questions fall in each.
 */
export function expectedCalibrationError(items: readonly Scored[], bins = 10): number {
	let error = 0;
	for (let bin = 0; bin < bins; bin++) {
		const inBin = items.filter(
			({ confidence }) =>
				confidence >= bin / bins && (confidence < (bin + 1) / bins || (bin === bins - 1 && confidence <= 1)),
		);
		if (inBin.length === 0) continue;
		const meanConfidence = inBin.reduce((sum, item) => sum + item.confidence, 0) / inBin.length;
		const accuracy = inBin.filter((item) => item.correct).length / inBin.length;
		error += (inBin.length / items.length) * Math.abs(meanConfidence - accuracy);
	}
	return error;
}

/** Accuracy when answering exactly the questions at or above `threshold`: right quotes plus right refusals, over all. */
export function accuracyAt(items: readonly Scored[], threshold: number): number {
	if (items.length === 0) return 0;
	const right = items.filter((item) => (item.confidence >= threshold ? item.correct : !item.answerable)).length;
	return right / items.length;
}

/** Area under the ROC curve: the chance that a random positive scores above a random negative. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
	const order = scores.map((score, i) => ({ score, positive: positive[i] ?? false })).sort((a, b) => a.score - b.score);
	let rankSum = 0;
	let positives = 0;
	for (let i = 0; i < order.length;) {
		let j = i;
		while (j < order.length && order[j]!.score === order[i]!.score) j++;
		const midRank = (i + j + 1) / 2;
		for (let k = i; k < j; k++) {
			if (order[k]!.positive) {
				rankSum += midRank;
				positives++;
			}
		}
		i = j;
	}
	const negatives = order.length - positives;
	if (positives === 0 || negatives === 0) return 0.5;
	return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
