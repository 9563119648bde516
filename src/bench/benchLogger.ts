import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import type { Logger } from '../logger.ts';

/** A message the core logged, with when (ms on this process's clock). */
export interface LoggedEvent {
	readonly atMs: number;
	readonly msg: string;
	readonly level: number;
}

/** Writes a progress line for the person running the benchmark (stderr keeps stdout for the table). */
export function note(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

/**
 * A logger for the core that keeps what it logs (at info and above) with timestamps, so a benchmark can tell when
 * a phase began; warnings and errors are echoed to stderr.
 */
export function recordingLogger(onEvent?: (event: LoggedEvent) => void): { logger: Logger; events: LoggedEvent[] } {
	const events: LoggedEvent[] = [];
	const destination = {
		write(line: string): void {
			const parsed = JSON.parse(line) as { msg?: string; level?: number };
			const event = { atMs: performance.now(), msg: parsed.msg ?? '', level: parsed.level ?? 30 };
			events.push(event);
			onEvent?.(event);
			if (event.level >= 40) process.stderr.write(`[bench] core logged: ${line}`);
		},
	};
	return { logger: pino({ level: 'info', base: undefined }, destination), events };
}

/** A progress callback that notes at most every few seconds, with the rate since the first call. */
export function progressNote(label: string, everyMs = 10_000): (done: number, total: number) => void {
	let first: number | undefined;
	let lastNoted = 0;
	return (done, total) => {
		const now = performance.now();
		first ??= now;
		if (done < total && now - lastNoted < everyMs) return;
		lastNoted = now;
		const rate = now > first ? (done / (now - first)) * 1_000 : 0;
		note(`${label}: ${done}/${total} (${rate.toFixed(1)}/s)`);
	};
}
