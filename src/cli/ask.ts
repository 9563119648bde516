import { createInterface } from 'node:readline';
import { openBackendEngine } from '../engine/openBackendEngine.ts';
import { AppError } from '../errors.ts';
import { answerJson, formatAnswer } from './formatAnswer.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, progressReporter, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run ask -- [--json] [--k N] [--source FILE] [--corpus DIR] [--index DIR] ["question"]
Answers a question from the corpus with cited passages, building the index first if it is missing or stale.
With no question, reads one question per line from standard input and prints one JSON object per line.
  --json         print one JSON object instead of text
  --k N          passages to retrieve (default 8)
  --source FILE  only use this corpus file (e.g. 000_6be32923d2a58d10.txt)`;

const FLAGS = {
	...CORPUS_FLAGS,
	json: { type: 'boolean' },
	k: { type: 'string' },
	source: { type: 'string' },
} as const;

runCli(async () => {
	const { values, positionals } = parseFlags(FLAGS, USAGE);
	const k = values.k === undefined ? undefined : Number(values.k);
	if (k !== undefined && !(Number.isInteger(k) && k > 0 && k <= 50)) {
		throw new AppError('INPUT_INVALID', `--k must be a whole number from 1 to 50, not ${values.k}.`);
	}
	const options = {
		...(k === undefined ? {} : { k }),
		...(values.source === undefined ? {} : { source: values.source }),
	};
	const context = await createCliContext(values);
	let closeEngine = (): Promise<void> => Promise.resolve();
	try {
		const { engine, close } = await openBackendEngine(context.config, {
			...context,
			onProgress: progressReporter('Building the index: embedding sentences'),
		});
		closeEngine = close;
		if (positionals.length > 0) {
			const result = await engine.ask(positionals.join(' '), options);
			process.stdout.write(`${values.json ? JSON.stringify(answerJson(result), null, 2) : formatAnswer(result)}\n`);
			return;
		}
		for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
			if (line.trim().length === 0) continue;
			process.stdout.write(`${JSON.stringify(answerJson(await engine.ask(line, options)))}\n`);
		}
	} finally {
		await closeEngine();
		await context.embeddings.close();
	}
});
