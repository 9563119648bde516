import { pino } from 'pino';
import type { Logger } from '../../src/logger.ts';

export interface CapturedLogs {
	readonly logger: Logger;
	readonly lines: Record<string, unknown>[];
}

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogger(level = 'info'): CapturedLogs {
	const lines: Record<string, unknown>[] = [];
	const logger = pino({ level, base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
	return { logger, lines };
}
