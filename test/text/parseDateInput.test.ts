import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { parseDateInput } from '../../src/text/parseDateInput.ts';

describe('parseDateInput', () => {
	it('reads the ways people write a day', () => {
		for (const typed of [
			'2025-05-12',
			'2025-5-12',
			'12 May 2025',
			'12th May, 2025',
			'May 12, 2025',
			'may 12 2025',
			' 12  May 2025 ',
		]) {
			expect(parseDateInput(typed, 'start'), typed).toBe('2025-05-12');
		}
		expect(parseDateInput('3 Sept 2024', 'end')).toBe('2024-09-03');
	});

	it('takes a month or a year from its first day for after: and to its last day for before:', () => {
		expect(parseDateInput('2025-05', 'start')).toBe('2025-05-01');
		expect(parseDateInput('2025-05', 'end')).toBe('2025-05-31');
		expect(parseDateInput('February 2024', 'end')).toBe('2024-02-29');
		expect(parseDateInput('Feb 2023', 'end')).toBe('2023-02-28');
		expect(parseDateInput('2025', 'start')).toBe('2025-01-01');
		expect(parseDateInput('2025', 'end')).toBe('2025-12-31');
	});

	it('refuses what is not a date, naming the input and the formats that work', () => {
		for (const typed of ['yesterday', '2025-13', '2025-02-30', '31 Feb 2025', 'Mayday 2025', '12/05/2025', '', '25']) {
			let error: unknown;
			try {
				parseDateInput(typed, 'start');
			} catch (caught) {
				error = caught;
			}
			expect(isAppError(error, 'DATE_INVALID'), typed).toBe(true);
			expect((error as Error).message).toContain(`“${typed.trim()}”`);
			expect((error as Error).message).toContain('2025-05-12, 12 May 2025 or 2025-05');
		}
	});
});
