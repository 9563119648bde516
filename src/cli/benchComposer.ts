import { availableParallelism, loadavg } from 'node:os';
import { measureComposerOverhead, MODEL_MS } from '../bench/composerOverhead.ts';
import { formatMs } from '../bench/format.ts';
import { topicalQuestions } from '../bench/questions.ts';
import { sotuAddresses } from '../bench/sotuCorpus.ts';
import { AppError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { parseFlags, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run bench:composer -- [--questions N]
Measures what the LLM composer adds around the model call (prompt, parsing, verification, fallback answer)
on the State of the Union corpus, with a stand-in model that replies after 10 ms. Budget: p95 under 5 ms.
  --questions N  questions to time (default 200)`;

const FLAGS = { questions: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const BUDGET_MS = 5;

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const count = values.questions === undefined ? 200 : Number(values.questions);
	if (!(Number.isInteger(count) && count > 0)) {
		throw new AppError('INPUT_INVALID', `--questions must be a whole number above 0, not ${values.questions}.`);
	}
	const topical = topicalQuestions(Number.MAX_SAFE_INTEGER);
	const questions = Array.from({ length: count }, (_, i) => topical[i % topical.length]!);
	const report = await measureComposerOverhead(sotuAddresses(), questions, createLogger('silent'));
	const row = (name: string, { p50, p95 }: { p50: number; p95: number }) =>
		`| ${name} | ${formatMs(p50)} | ${formatMs(p95)} |`;
	console.log(
		`LLM composer overhead: ${report.questions} questions over ${report.passages} SOTU passages, ` +
			`${report.candidatesPerQuestion.toFixed(1)} candidate sentences each; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores\n`,
	);
	console.log('| part (ms) | p50 | p95 |\n|---|---|---|');
	console.log(row("Footnote's work around the call: prompt, parsing, verification (CPU time)", report.overheadCpu));
	console.log(row("Footnote's work around the call: prompt, parsing, verification (wall clock)", report.overhead));
	console.log(row('part: numbering sentences and building the prompt', report.prompt));
	console.log(row('part: parsing the reply and verifying the summary', report.verify));
	console.log(row(`whole compose through LangChain, wall clock beyond the model's ${MODEL_MS} ms`, report.wall));
	console.log(row('whole compose through LangChain, CPU time (extractive answer included)', report.cpu));
	const within = report.overheadCpu.p95 < BUDGET_MS;
	console.log(
		`\nFootnote's work, CPU-time p95 ${formatMs(report.overheadCpu.p95)} ms, is ${within ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget` +
			' (wall clock on a busy machine adds the time other processes hold the cores).',
	);
	if (!within) process.exitCode = 1;
});
