import { createInterface } from 'node:readline';
import { composerFactory } from '../answer/composerFactory.ts';
import { openBackendEngine } from '../engine/openBackendEngine.ts';
import { AppError } from '../errors.ts';
import { parseDateInput } from '../text/parseDateInput.ts';
import { answerJson, formatAnswer } from './formatAnswer.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run ask -- [--json] [--k N] [--source FILE] [--after DATE] [--before DATE] [--publisher NAME]
                      [--newest] [--corpus DIR] [--index DIR] ["question"]
Answers a question from the corpus with cited passages, building the index first if it is missing or stale.
With no question, reads one question per line from standard input and prints one JSON object per line.
  --json            print one JSON object instead of text
  --k N             passages to retrieve (default 8)
  --source FILE     only use this corpus file (e.g. 000_6be32923d2a58d10.txt)
  --after DATE      only articles published on or after DATE (2025-05-12, "12 May 2025", 2025-05: from its first day)
  --before DATE     only articles published on or before DATE (a month or year counts to its last day)
  --publisher NAME  only articles from this publisher
  --newest          of passages that say the same thing, quote the newest article's`;

const FLAGS = {
	...CORPUS_FLAGS,
	json: { type: 'boolean' },
	k: { type: 'string' },
	source: { type: 'string' },
	after: { type: 'string' },
	before: { type: 'string' },
	publisher: { type: 'string' },
	newest: { type: 'boolean' },
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
		...(values.after === undefined ? {} : { after: values.after }),
		...(values.before === undefined ? {} : { before: values.before }),
		...(values.publisher === undefined ? {} : { publisher: values.publisher }),
		...(values.newest === true ? { newest: true } : {}),
	};
	// A date that cannot be read is reported before the model loads and the index is built.
	if (options.after !== undefined) parseDateInput(options.after, 'start');
	if (options.before !== undefined) parseDateInput(options.before, 'end');
	const context = await createCliContext(values);
	let closeEngine = (): Promise<void> => Promise.resolve();
	try {
		const { engine, close } = await openBackendEngine(context.config, {
			...context,
			composer: composerFactory(context.config, context.logger),
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
