import { pino, type Logger } from 'pino';

export type { Logger };

/** A structured logger on stderr, so stdout stays clean for CLI output such as `ask --json`. */
export function createLogger(level: string): Logger {
	return pino(
		{
			level,
			base: undefined,
			redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', 'apiKey', '*.apiKey', 'LLM_API_KEY'], remove: true },
		},
		pino.destination(2),
	);
}
