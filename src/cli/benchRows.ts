import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_WORKERS } from '../bench/benchConfig.ts';
import { note } from '../bench/benchLogger.ts';
import { describeMachine } from '../bench/machine.ts';
import { rowsSection, withRowsSection } from '../bench/markdownSection.ts';
import {
	measureCopyDetection,
	SENTENCES_PER_ARTICLE,
	timeIngest,
	writeRowCorpus,
	type IngestRun,
} from '../bench/syndicatedRows.ts';
import { UseLiteEmbeddings } from '../embeddings/UseLiteEmbeddings.ts';
import { parseFlags, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run bench:rows -- [--rows N] [--copies SHARE] [--kept-rows N] [--out FILE]
Generates a JSONL export of State of the Union excerpts with syndicated copies planted in it, measures how well the
copies are found and how fast the export is read, then runs a full ingest of it with the embedding model (USE lite on
${BENCH_WORKERS} workers, each ingest in its own process) with copies collapsed, and one with every copy kept.
  --rows N       rows of the export (default 10000)
  --copies SHARE share of rows that are copies (default 0.3)
  --kept-rows N  rows of the export ingested with every copy kept (default: --rows); when fewer, an export of that
                 size is ingested both ways, so the time collapsing saves is still measured on one export
  --out FILE     replace this benchmark's section in that Markdown file (BENCHMARKS.md), or add it`;

const FLAGS = {
	rows: { type: 'string', default: '10000' },
	copies: { type: 'string', default: '0.3' },
	'kept-rows': { type: 'string' },
	out: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const;

const number = (value: number, digits = 0): string =>
	value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const load = ([start, end]: readonly [number, number]): string => `${number(start, 1)} → ${number(end, 1)}`;

function ingestRow(label: string, rows: number, run: IngestRun): string {
	return (
		`| ${label} | ${number(rows)} | ${number(run.articles)} | ${number(run.embeddedSentences)} | ` +
		`${number(run.seconds, 1)} s | ${number(rows / run.seconds, 1)} | ${number(run.embeddedSentences / run.seconds, 1)} | ` +
		`${number(run.embedSeconds, 1)} s | ${number(run.peakRssMb)} MB | ${load(run.loadAverage)} |`
	);
}

function savedSentence(rows: number, kept: IngestRun, collapsed: IngestRun): string {
	const saved = kept.seconds - collapsed.seconds;
	return (
		`On the ${number(rows)}-row export, collapsing the copies cut the full ingest from ${number(kept.seconds, 1)} s to ` +
		`${number(collapsed.seconds, 1)} s (${number(saved, 1)} s, ${number((saved / kept.seconds) * 100)}% saved), ` +
		`embedding ${number(kept.embeddedSentences - collapsed.embeddedSentences)} fewer sentences.`
	);
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const rows = Number(values.rows);
	const copyShare = Number(values.copies);
	const keptRows = Math.min(rows, Number(values['kept-rows'] ?? rows));
	const command = ['npm run bench:rows --', `--rows ${rows}`, `--copies ${copyShare}`];
	if (keptRows < rows) command.push(`--kept-rows ${keptRows}`);
	const root = await mkdtemp(path.join(tmpdir(), 'footnote-bench-rows-'));
	try {
		const machine = describeMachine();
		const corpusDir = path.join(root, 'export');
		const corpus = await writeRowCorpus(corpusDir, { rows, copyShare });
		const readLoad: [number, number] = [loadavg()[0] ?? 0, 0];
		const detection = await measureCopyDetection(corpusDir, corpus);
		readLoad[1] = loadavg()[0] ?? 0;
		note(
			`bench:rows: ${rows} rows read in ${detection.loadSeconds.toFixed(1)} s; copies found ${detection.found}/${detection.planted}`,
		);

		note(`bench:rows: full ingest of ${rows} rows, copies collapsed`);
		const collapsed = await timeIngest(corpusDir, path.join(root, 'index-collapsed'), 'collapse');
		note(`bench:rows: collapsed ${collapsed.seconds.toFixed(1)} s, peak RSS ${collapsed.peakRssMb.toFixed(0)} MB`);
		let keptDir = corpusDir;
		let collapsedAtKept = collapsed;
		if (keptRows < rows) {
			keptDir = path.join(root, 'export-kept');
			await writeRowCorpus(keptDir, { rows: keptRows, copyShare });
			note(`bench:rows: full ingest of ${keptRows} rows, copies collapsed`);
			collapsedAtKept = await timeIngest(keptDir, path.join(root, 'index-kept-collapsed'), 'collapse');
		}
		note(`bench:rows: full ingest of ${keptRows} rows, every copy kept`);
		const kept = await timeIngest(keptDir, path.join(root, 'index-kept'), 'keep');
		note(`bench:rows: kept ${kept.seconds.toFixed(1)} s, peak RSS ${kept.peakRssMb.toFixed(0)} MB`);

		const lines = [
			'## Row formats and syndicated copies',
			'',
			`Written by \`${command.join(' ')}\` on ${machine.date} at ${machine.revision}: ${machine.cores} cores ` +
				`(${machine.cpu}), Node ${machine.node}, embedding with ${await UseLiteEmbeddings.installedModelId()} on ` +
				`${BENCH_WORKERS} workers. Each full ingest runs in its own Node process, as \`npm run ingest\` does, into a new ` +
				'index. Timings are wall-clock on a shared machine: a load average above the core count means other processes ' +
				`competed for the cores. A JSONL export of ${number(rows)} articles (${number(corpus.bytes / 1e6, 1)} MB): ` +
				`${number(corpus.originals)} excerpts of State of the Union addresses (${SENTENCES_PER_ARTICLE} sentences each) ` +
				`and ${number(corpus.copies.size)} copies of them under other outlets' names, each with the wire credit, an ` +
				'added tagline and one word changed.',
			'',
			'| run | rows | articles indexed | sentences embedded | wall | rows/s | sentences/s | embedding phase | peak RSS | load average (1 min) |',
			'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
			`| read, clean and find copies (no embedding) | ${number(rows)} | ${number(detection.articles)} | – | ` +
				`${number(detection.loadSeconds, 1)} s | ${number(rows / detection.loadSeconds, 0)} | – | – | ` +
				`${number(detection.peakRssMb)} MB | ${load(readLoad)} |`,
			ingestRow('full ingest, copies collapsed', rows, collapsed),
			...(keptRows < rows ? [ingestRow('full ingest, copies collapsed', keptRows, collapsedAtKept)] : []),
			ingestRow('full ingest, every copy kept', keptRows, kept),
			'',
			`Copies found in the ${number(rows)}-row export: ${number(detection.found)} of ${number(detection.planted)} planted ` +
				`(${number((detection.found / detection.planted) * 100, 1)}%); rows wrongly called copies: ` +
				`${number(detection.falseCopies)}. ${savedSentence(keptRows, kept, collapsedAtKept)} The export is read line ` +
				'by line, never whole; the ingest keeps the cleaned articles and their passages in memory, and each embedded ' +
				'batch goes straight into the vector index. _peak RSS_ is the whole process, embedding workers and index ' +
				'build thread included.',
		];
		const section = rowsSection(lines.join('\n'));
		process.stdout.write(`${section}\n`);
		if (values.out !== undefined) {
			await writeFile(values.out, withRowsSection(await readFile(values.out, 'utf8').catch(() => ''), section));
		}
	} finally {
		await rm(root, { recursive: true, force: true });
	}
});
