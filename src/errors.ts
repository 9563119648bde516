/** Every failure the product expects, with the sentence a user is shown. Internal detail goes to logs. */
export const ErrorMessages = {
	CONFIG_INVALID: 'The configuration is incomplete or invalid.',
	CORPUS_MISSING: 'The corpus directory does not exist or cannot be read.',
	CORPUS_EMPTY: 'The corpus has no readable articles to index.',
	INDEX_MISSING: 'No index has been built yet.',
	INDEX_CORRUPT: 'The index on disk is damaged or incomplete.',
	INDEX_INCOMPATIBLE: 'The index on disk was built by another version or model.',
	EMBEDDINGS_FAILED: 'The embedding model could not process the text.',
	EMBEDDINGS_UNAVAILABLE: 'The embedding model could not be loaded.',
	REINDEX_IN_PROGRESS: 'A rebuild of the index is already running.',
	UNKNOWN_SOURCE: 'That source is not in the corpus.',
	INPUT_INVALID: 'That input cannot be used.',
	MODEL_INVALID: 'The answerability model is damaged or out of date.',
	STATE_UNAVAILABLE: 'My answer database cannot be used right now.',
	DATABASE_UNAVAILABLE: 'The shared index database cannot be used right now.',
	DATE_INVALID: 'That date cannot be read. Write it as 2025-05-12, 12 May 2025 or 2025-05.',
	UNKNOWN_PUBLISHER: 'No article in the corpus is from that publisher. Pick one from the suggestions.',
	NO_MATCHING_ARTICLES: 'No article in the corpus matches those filters. /sources lists the articles with their dates.',
	DOCUMENT_REFUSED: 'That link or file cannot be added to the corpus.',
} as const;

export type ErrorCode = keyof typeof ErrorMessages;

/** A failure with a stable code; `message` is for the operator reading logs or the CLI. */
export class AppError extends Error {
	public readonly code: ErrorCode;

	public constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'AppError';
		this.code = code;
	}

	/** The fixed sentence a chat user may see for this error. */
	public get userMessage(): string {
		return ErrorMessages[this.code];
	}
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
	return error instanceof AppError && (code === undefined || error.code === code);
}
