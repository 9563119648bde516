import type { EmbeddingsInterface } from '@langchain/core/embeddings';

/** A LangChain embeddings implementation that also says what it is, for the index manifest. */
export interface EmbeddingModel extends EmbeddingsInterface {
	/** Identifies the weights and preprocessing; an index built with another id is rebuilt. */
	readonly modelId: string;
	readonly dimensions: number;
	/** Releases workers or native resources. */
	close(): Promise<void>;
}
