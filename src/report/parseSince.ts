import { AppError } from '../errors.ts';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The start of a report's period: an age before `now` (30m, 24h, 7d) or a date; the epoch when not given.
 * @throws AppError('INPUT_INVALID') for a value that is neither an age nor a date.
 */
export function parseSince(value: string | undefined, now: number): Date {
	if (value === undefined) return new Date(0);
	const age = /^(\d+)([mhd])$/.exec(value.trim());
	if (age) return new Date(now - Number(age[1]) * UNIT_MS[age[2]!]!);
	const date = Date.parse(value);
	if (Number.isNaN(date)) {
		throw new AppError('INPUT_INVALID', `--since ${value} is neither an age (30m, 24h, 7d) nor a date (2026-01-31).`);
	}
	return new Date(date);
}
