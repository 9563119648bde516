import { AppError } from '../errors.ts';

/** Which end of a month or year a date stands for: `after:` starts at its first day, `before:` ends at its last. */
export type DateEdge = 'start' | 'end';

const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
];
const ISO = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/u;
/** "12 May 2025", "12 May, 2025", "May 2025" */
const DAY_MONTH_YEAR = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\.?,?\s+(\d{4})$/iu;
/** "May 12, 2025", "May 12th 2025" */
const MONTH_DAY_YEAR = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu;
export const DATE_FORMATS = '2025-05-12, 12 May 2025 or 2025-05';

/** A month's number from its name or an abbreviation of at least three letters ("Sept", "Dec"). */
function monthNumber(name: string): number | undefined {
	const lower = name.toLowerCase();
	const index = MONTHS.findIndex((month) => lower.length >= 3 && month.startsWith(lower));
	return index < 0 ? undefined : index + 1;
}

function daysIn(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date as a person types it (2025-05-12, 12 May 2025, May 12, 2025, 2025-05, May 2025, 2025) as an ISO day;
 * a month or a year stands for its first or last day, as `edge` says.
 * @throws AppError('DATE_INVALID') naming the input and the formats that work.
 */
export function parseDateInput(input: string, edge: DateEdge): string {
	const text = input.trim().replace(/\s+/gu, ' ');
	let parts: [number, number | undefined, number | undefined] | undefined;
	const numeric = ISO.exec(text);
	if (numeric) {
		parts = [
			Number(numeric[1]),
			numeric[2] === undefined ? undefined : Number(numeric[2]),
			numeric[3] === undefined ? undefined : Number(numeric[3]),
		];
	} else {
		const named = DAY_MONTH_YEAR.exec(text);
		const american = named ? undefined : MONTH_DAY_YEAR.exec(text);
		const month = monthNumber(named?.[2] ?? american?.[1] ?? '');
		const day = named?.[1] ?? american?.[2];
		const year = named?.[3] ?? american?.[3];
		if (month !== undefined && year !== undefined)
			parts = [Number(year), month, day === undefined ? undefined : Number(day)];
	}
	const [year, month, day] = parts ?? [0, undefined, undefined];
	const valid =
		parts !== undefined &&
		year >= 1000 &&
		(month === undefined || (month >= 1 && month <= 12)) &&
		(day === undefined || (month !== undefined && day >= 1 && day <= daysIn(year, month)));
	if (!valid) {
		throw new AppError('DATE_INVALID', `“${text}” is not a date I can read; write it as ${DATE_FORMATS}.`);
	}
	const firstMonth = edge === 'start' ? 1 : 12;
	const wholeMonth = month ?? firstMonth;
	return iso(year, wholeMonth, day ?? (edge === 'start' ? 1 : daysIn(year, wholeMonth)));
}
