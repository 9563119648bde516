import type { FallbackReason } from './types.ts';

/** The HTTP status an error from a chat model client carries, if any. */
export function statusOf(error: unknown): number | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const { status, response } = error as { status?: unknown; response?: { status?: unknown } };
	if (typeof status === 'number') return status;
	return typeof response?.status === 'number' ? response.status : undefined;
}

const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
]);

function isConnectionError(error: unknown): boolean {
	for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth++) {
		const { code } = cause as { code?: unknown };
		if (cause.constructor.name === 'APIConnectionError' || (typeof code === 'string' && CONNECTION_CODES.has(code))) {
			return true;
		}
		cause = (cause as { cause?: unknown }).cause;
	}
	return false;
}

/** A reply that is not the JSON the schema asks for, or was cut off before it was complete. */
const UNUSABLE_REPLY = new Set([
	'$ZodError',
	'ZodError',
	'OutputParserException',
	'LengthFinishReasonError',
	'ContentFilterFinishReasonError',
]);

/** Why a model call failed, as the fallback reports it; `timedOut` when the caller's deadline fired. */
export function failureReason(error: unknown, timedOut: boolean): FallbackReason {
	if (timedOut) return 'timeout';
	const status = statusOf(error);
	if (status === 429) return 'rate_limited';
	if (status !== undefined && status >= 500) return 'server_error';
	if (status !== undefined) return 'model_error';
	if (isConnectionError(error)) return 'unreachable';
	const unusable =
		error instanceof Error && (UNUSABLE_REPLY.has(error.name) || UNUSABLE_REPLY.has(error.constructor.name));
	if (error instanceof SyntaxError || unusable) return 'invalid_output';
	return 'model_error';
}

/** A short, key-free description of a model failure for the log. */
export function describeFailure(error: unknown): { name: string; status?: number; message: string } {
	const { name, message } = error instanceof Error ? error : new Error(String(error));
	const status = statusOf(error);
	return { name, ...(status === undefined ? {} : { status }), message: message.slice(0, 300) };
}
