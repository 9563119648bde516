import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { FARES_QUESTION, NEWER_FARES, OLDER_FARES } from '../helpers/ferryFares.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dirs = useTempDirs();

function ask(args: string[]) {
	return run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/ask.ts'), ...args], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '' },
		maxBuffer: 16 * 1024 * 1024,
	});
}

describe('npm run ask with filters', () => {
	it('answers from the articles the dates, publisher and --newest allow, and prints the cited URL', async () => {
		const corpus = await dirs.make();
		await writeFile(path.join(corpus, 'older.md'), OLDER_FARES);
		await writeFile(path.join(corpus, 'newer.md'), NEWER_FARES);
		const index = path.join(await dirs.make(), 'index');
		const where = ['--corpus', corpus, '--index', index];

		const recent = await ask([...where, '--after', 'Feb 2025', FARES_QUESTION]);
		expect(recent.stdout).toContain('five pounds');
		expect(recent.stdout).not.toContain('four pounds');
		expect(recent.stdout).toContain(
			'[1] Ferry fares rise again — Jane Doe, Coast Herald, 3 Feb 2025 (newer.md)\n    https://coastherald.example/news/ferry-fares',
		);

		const gazette = await ask([
			...where,
			'--json',
			'--publisher',
			'island gazette',
			'--before',
			'2024',
			FARES_QUESTION,
		]);
		const answer = JSON.parse(gazette.stdout) as { citations: { file: string }[]; retrieved: { file: string }[] };
		expect(answer.citations.map((citation) => citation.file)).toEqual(['older.md']);
		expect(new Set(answer.retrieved.map((item) => item.file))).toEqual(new Set(['older.md']));

		const newest = await ask([...where, '--json', '--newest', FARES_QUESTION]);
		const latest = JSON.parse(newest.stdout) as { answer: string; retrieved: { file: string }[] };
		expect(latest.answer).toContain('five pounds');
		expect(latest.retrieved.map((item) => item.file)).not.toContain('older.md');
	});

	it('refuses a date it cannot read before loading anything, naming the formats it takes', async () => {
		const error = (await ask(['--after', '31 Feb 2025', FARES_QUESTION]).catch((caught: unknown) => caught)) as {
			code: number;
			stderr: string;
		};
		expect(error.code).toBe(1);
		expect(error.stderr.trim()).toBe(
			'“31 Feb 2025” is not a date I can read; write it as 2025-05-12, 12 May 2025 or 2025-05.',
		);
	});
});
