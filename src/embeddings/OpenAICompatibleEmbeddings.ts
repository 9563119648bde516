import { Embeddings } from '@langchain/core/embeddings';
import { AppError } from '../errors.ts';
import type { EmbeddingModel } from './types.ts';

/** Inputs per request: small enough for llama.cpp's default batch, large enough to amortise the round trip. */
export const OPENAI_BATCH_SIZE = 32;
export const OPENAI_TIMEOUT_MS = 60_000;
const PROBE_TEXT = 'dimension probe';
const BODY_EXCERPT = 300;

export interface OpenAICompatibleOptions {
	/** The API base, such as `http://localhost:11434/v1`; `/embeddings` is appended unless the URL already ends so. */
	readonly url: string;
	readonly model: string;
	readonly apiKey?: string | undefined;
	readonly batchSize?: number;
	readonly timeoutMs?: number;
}

interface EmbeddingResponse {
	readonly data: readonly { readonly embedding: number[]; readonly index?: number }[];
}

/** Embeddings from any server speaking OpenAI's `POST /v1/embeddings` (OpenAI, Ollama, llama.cpp, vLLM). */
export class OpenAICompatibleEmbeddings extends Embeddings implements EmbeddingModel {
	public readonly modelId: string;
	public readonly dimensions: number;
	readonly #endpoint: URL;
	readonly #options: OpenAICompatibleOptions;

	private constructor(endpoint: URL, options: OpenAICompatibleOptions, dimensions: number) {
		super({});
		this.#endpoint = endpoint;
		this.#options = options;
		this.dimensions = dimensions;
		// The server's address is not part of the id: the same model elsewhere gives the same vectors.
		this.modelId = `openai-compatible:${options.model}`;
	}

	/**
	 * Connects to the endpoint and learns the vector size from one probe request.
	 * @throws AppError('CONFIG_INVALID') for a malformed URL, AppError('EMBEDDINGS_UNAVAILABLE') when the server cannot
	 * be reached or AppError('EMBEDDINGS_FAILED') when it answers with an error or a malformed body.
	 */
	public static async connect(options: OpenAICompatibleOptions): Promise<OpenAICompatibleEmbeddings> {
		const endpoint = embeddingsEndpoint(options.url);
		const [probe] = await request(endpoint, options, [PROBE_TEXT], undefined);
		return new OpenAICompatibleEmbeddings(endpoint, options, probe!.length);
	}

	/**
	 * Embeds texts in batches, one request at a time, results in input order.
	 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the server cannot be reached or times out,
	 * AppError('EMBEDDINGS_FAILED') when it answers with an error or a malformed body.
	 */
	public override async embedDocuments(documents: string[]): Promise<number[][]> {
		const batchSize = this.#options.batchSize ?? OPENAI_BATCH_SIZE;
		const vectors: number[][] = [];
		for (let start = 0; start < documents.length; start += batchSize) {
			const batch = documents.slice(start, start + batchSize);
			vectors.push(...(await request(this.#endpoint, this.#options, batch, this.dimensions)));
		}
		return vectors;
	}

	/**
	 * Embeds one text.
	 * @throws AppError as {@link OpenAICompatibleEmbeddings.embedDocuments}.
	 */
	public override async embedQuery(document: string): Promise<number[]> {
		const [vector] = await request(this.#endpoint, this.#options, [document], this.dimensions);
		return vector!;
	}

	/** Nothing to release: every request stands alone. */
	public async close(): Promise<void> {}
}

function embeddingsEndpoint(url: string): URL {
	let endpoint: URL;
	try {
		endpoint = new URL(url);
	} catch (error) {
		throw new AppError('CONFIG_INVALID', 'EMBEDDINGS_URL is not a valid URL', { cause: error });
	}
	const path = endpoint.pathname.replace(/\/+$/u, '');
	endpoint.pathname = path.endsWith('/embeddings') ? path : `${path}/embeddings`;
	return endpoint;
}

/** The endpoint without credentials or query, for messages. */
function displayUrl(endpoint: URL): string {
	return `${endpoint.origin}${endpoint.pathname}`;
}

async function request(
	endpoint: URL,
	options: OpenAICompatibleOptions,
	input: readonly string[],
	dimensions: number | undefined,
): Promise<number[][]> {
	const where = displayUrl(endpoint);
	let response: Response;
	let text: string;
	try {
		response = await fetch(endpoint, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
			},
			body: JSON.stringify({ model: options.model, input }),
			signal: AbortSignal.timeout(options.timeoutMs ?? OPENAI_TIMEOUT_MS),
		});
		text = await response.text();
	} catch (error) {
		const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
		throw new AppError('EMBEDDINGS_UNAVAILABLE', `The embeddings endpoint ${where} ${reason}`, { cause: error });
	}
	if (!response.ok) {
		const excerpt = redact(text.slice(0, BODY_EXCERPT), options.apiKey);
		throw new AppError(
			'EMBEDDINGS_FAILED',
			`The embeddings endpoint ${where} answered HTTP ${response.status}: ${excerpt}`,
		);
	}
	return parseVectors(text, input.length, dimensions, where);
}

function parseVectors(text: string, count: number, dimensions: number | undefined, where: string): number[][] {
	const malformed = (problem: string): AppError =>
		new AppError('EMBEDDINGS_FAILED', `The embeddings endpoint ${where} sent a malformed response: ${problem}`);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw malformed('not JSON');
	}
	const data = (body as Partial<EmbeddingResponse> | null)?.data;
	if (!Array.isArray(data)) throw malformed('no "data" array');
	if (data.length !== count) throw malformed(`${data.length} embeddings for ${count} inputs`);
	const vectors = new Array<number[]>(count);
	let size = dimensions;
	data.forEach((item: unknown, position) => {
		const { embedding, index = position } = (item ?? {}) as Partial<EmbeddingResponse['data'][number]>;
		if (!Number.isInteger(index) || index < 0 || index >= count || vectors[index] !== undefined) {
			throw malformed(`bad or repeated index ${String(index)}`);
		}
		if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every(Number.isFinite)) {
			throw malformed(`embedding ${index} is not a list of numbers`);
		}
		size ??= embedding.length;
		if (embedding.length !== size) {
			throw malformed(`embedding ${index} has ${embedding.length} dimensions instead of ${size}`);
		}
		vectors[index] = embedding;
	});
	return vectors;
}

function redact(text: string, secret: string | undefined): string {
	return secret === undefined || secret === '' ? text : text.replaceAll(secret, '[redacted]');
}
