import { KeywordEmbeddings } from './KeywordEmbeddings.ts';

/** Keyword embeddings that stop at a gate until the test opens it, to hold an ingest in the middle of embedding. */
export class GatedEmbeddings extends KeywordEmbeddings {
	private open: () => void = () => undefined;
	private gate: Promise<void> = new Promise((resolve) => {
		this.open = resolve;
	});
	private reached: () => void = () => undefined;
	/** Resolves when an ingest first waits at the gate. */
	public readonly waiting: Promise<void> = new Promise((resolve) => {
		this.reached = resolve;
	});

	public release(): void {
		this.open();
	}

	public override async embedDocuments(texts: string[]): Promise<number[][]> {
		this.reached();
		await this.gate;
		return super.embedDocuments(texts);
	}
}
