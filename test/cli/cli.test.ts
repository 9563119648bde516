import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FakeLlmServer, idOf, readerReply } from '../helpers/fakeLlmServer.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dirs = useTempDirs();

async function cli(script: string, args: string[], input?: string, env: Record<string, string> = {}) {
	const child = run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli', script), ...args], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', ...env },
		maxBuffer: 16 * 1024 * 1024,
	});
	if (input !== undefined) {
		child.child.stdin?.end(input);
	}
	return child;
}

describe('the command line', () => {
	it('builds the index on first use, answers with a citation of the fentanyl sentence, and keeps stdout to JSON', async () => {
		const corpus = await dirs.copySeeds();
		const index = path.join(await dirs.make(), 'index');
		const { stdout, stderr } = await cli('ask.ts', [
			'--json',
			'--corpus',
			corpus,
			'--index',
			index,
			'What did Trump press Xi to curb?',
		]);
		const answer = JSON.parse(stdout) as {
			answered: boolean;
			answer: string;
			citations: { n: number; file: string; passage: string }[];
			retrieved: unknown[];
			timings: { totalMs: number };
		};
		expect(answer.answered).toBe(true);
		expect(answer.answer).toMatch(/fentanyl.*\[1\]/su);
		expect(answer.citations[0]?.passage).toContain(
			'pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl',
		);
		expect(answer.retrieved).toHaveLength(8);
		expect(answer.timings.totalMs).toBeGreaterThan(0);
		expect(stderr).toMatch(/embedding sentences: \d+\/\d+/iu);

		const { stdout: again } = await cli('ingest.ts', ['--corpus', corpus, '--index', index]);
		expect(again).toMatch(/nothing needed embedding/u);
	});

	it('answers one question per line from standard input with one JSON object per line', async () => {
		const corpus = await dirs.copySeeds();
		const index = path.join(await dirs.make(), 'index');
		const questions = 'What did Trump press Xi to curb?\n\nWho won the Super Bowl in 2025?\n';
		const { stdout } = await cli('ask.ts', ['--corpus', corpus, '--index', index, '--k', '3'], questions);
		const lines = stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as { answered: boolean; retrieved: unknown[] });
		expect(lines.map((line) => line.answered)).toEqual([true, false]);
		expect(lines[0]?.retrieved).toHaveLength(3);
	});

	it('explains a bad flag value instead of failing obscurely', async () => {
		const error = (await cli('ask.ts', ['--k', 'lots', 'question']).catch((caught: unknown) => caught)) as {
			code: number;
			stderr: string;
		};
		expect(error.code).toBe(1);
		expect(error.stderr).toContain('--k must be a whole number');
	});

	it('answers through the language model at LLM_BASE_URL when COMPOSER=llm, and says so', async () => {
		const llm = await FakeLlmServer.start();
		try {
			llm.script((request) => {
				const id = idOf(request, 'curb exports of the drug fentanyl');
				return readerReply({
					answerable: true,
					sentence_ids: [id],
					summary: [`Trump pressed Xi to curb exports of fentanyl. [${id}]`],
				});
			});
			const corpus = await dirs.copySeeds();
			const index = path.join(await dirs.make(), 'index');
			const env = { COMPOSER: 'llm', LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'llama3.1:8b' };
			const args = ['--corpus', corpus, '--index', index, 'What did Trump press Xi to curb?'];
			const { stdout } = await cli('ask.ts', ['--json', ...args], undefined, env);
			expect(JSON.parse(stdout)).toMatchObject({
				composer: 'llm',
				summary: [{ text: 'Trump pressed Xi to curb exports of fentanyl.', citations: [1] }],
				citations: [{ n: 1, passage: expect.stringContaining('curb exports of the drug fentanyl') }],
			});
			const { stdout: text } = await cli('ask.ts', args, undefined, env);
			expect(text).toMatch(
				/^Summary \(written by a language model.*\nTrump pressed Xi to curb exports of fentanyl\. \[1\]\n/u,
			);
			expect(text).toContain('[read by the language model]');
			expect(llm.requests).toHaveLength(2);
		} finally {
			await llm.close();
		}
	});

	it('refuses COMPOSER=llm without LLM_BASE_URL and LLM_MODEL, naming both', async () => {
		const error = (await cli('ask.ts', ['question'], undefined, { COMPOSER: 'llm' }).catch(
			(caught: unknown) => caught,
		)) as {
			code: number;
			stderr: string;
		};
		expect(error.code).toBe(1);
		expect(error.stderr).toContain('COMPOSER=llm needs LLM_BASE_URL and LLM_MODEL');
	});
});
