import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeMachine } from '../bench/machine.ts';
import { rowsSection, withRowsSection } from '../bench/markdownSection.ts';
import {
	measureCopyDetection,
	SENTENCES_PER_ARTICLE,
	timeIngest,
	writeRowCorpus,
	type IngestRun,
} from '../bench/syndicatedRows.ts';
import { createCliContext, parseFlags, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run bench:rows -- [--rows N] [--copies SHARE] [--ingest-rows N] [--out FILE]
Generates a JSONL export of State of the Union excerpts with syndicated copies planted in it, measures how well the
copies are found and how fast the export is read, then ingests an export with the embedding model twice, every copy
kept and copies collapsed, for the ingest time that collapsing saves.
  --rows N         rows of the export that is read, cleaned and de-duplicated (default 10000)
  --copies SHARE   share of rows that are copies (default 0.3)
  --ingest-rows N  rows of the export ingested with the model, twice (default 600: on a busy 2-core machine the model
                   embeds 10 to 80 sentences a second)
  --out FILE       replace this benchmark's section in that Markdown file (BENCHMARKS.md), or add it`;

const FLAGS = {
	rows: { type: 'string', default: '10000' },
	copies: { type: 'string', default: '0.3' },
	'ingest-rows': { type: 'string', default: '600' },
	out: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
} as const;

const number = (value: number, digits = 0): string =>
	value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function ingestRow(label: string, run: IngestRun): string {
	return `| ${label} | ${number(run.articles)} | ${number(run.embeddedSentences)} | ${number(run.seconds, 1)} s | ${number(run.articles / run.seconds, 1)} | ${number(run.embeddedSentences / run.seconds, 1)} |`;
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const rows = Number(values.rows);
	const copyShare = Number(values.copies);
	const ingestRows = Number(values['ingest-rows']);
	const context = await createCliContext({}, 'documents');
	const root = await mkdtemp(path.join(tmpdir(), 'footnote-bench-rows-'));
	try {
		const machine = describeMachine();
		const lines: string[] = [];
		const bigDir = path.join(root, 'big');
		const corpus = await writeRowCorpus(bigDir, { rows, copyShare });
		const detection = await measureCopyDetection(bigDir, corpus);
		process.stderr.write(`bench:rows: ${rows} rows written; copies found ${detection.found}/${detection.planted}\n`);
		lines.push(
			'## Row formats and syndicated copies',
			'',
			`Written by \`npm run bench:rows -- --rows ${rows} --copies ${copyShare}\` on ${machine.date} at ${machine.revision}: ` +
				`${machine.cores} cores, Node ${machine.node}, embedding with ${context.embeddings.modelId}. ` +
				`A JSONL export of ${number(rows)} articles (${number(corpus.bytes / 1e6, 1)} MB): ${number(corpus.originals)} excerpts of ` +
				`State of the Union addresses (3 sentences each) and ${number(corpus.copies.size)} copies of them under other outlets' ` +
				'names, each with the wire credit, an added tagline and one word changed.',
			'',
			'| step | articles | sentences embedded | wall | articles/s | sentences/s |',
			'| --- | --- | --- | --- | --- | --- |',
			`| read, clean and find copies (no embedding) | ${number(rows)} rows | – | ${number(detection.loadSeconds, 1)} s | ${number(rows / detection.loadSeconds, 0)} rows/s | – |`,
		);
		const smallDir = path.join(root, 'small');
		await writeRowCorpus(smallDir, { rows: ingestRows, copyShare });
		const kept = await timeIngest(smallDir, path.join(root, 'small-keep'), 'keep', context);
		const collapsed = await timeIngest(smallDir, path.join(root, 'small-collapse'), 'collapse', context);
		lines.push(
			ingestRow(`full ingest, ${number(ingestRows)} rows, every copy kept`, kept),
			ingestRow(`full ingest, ${number(ingestRows)} rows, copies collapsed`, collapsed),
		);
		const saved = kept.seconds - collapsed.seconds;
		const rate = kept.embeddedSentences / kept.seconds;
		const copySentences = corpus.copies.size * SENTENCES_PER_ARTICLE;
		lines.push(
			'',
			`Copies found in the ${number(rows)}-row export: ${number(detection.found)} of ${number(detection.planted)} planted ` +
				`(${number((detection.found / detection.planted) * 100, 1)}%); rows wrongly called copies: ${number(detection.falseCopies)}. ` +
				`On the ${number(ingestRows)}-row export, collapsing the copies cut ingest from ${number(kept.seconds, 1)} s to ` +
				`${number(collapsed.seconds, 1)} s (${number(saved, 1)} s, ${number((saved / kept.seconds) * 100)}% saved). ` +
				`In the ${number(rows)}-row export the copies hold ${number(copySentences)} sentences that are not embedded: ` +
				`about ${number(copySentences / rate / 60, 1)} min at the ${number(rate, 1)} sentences/s of the run with copies kept.`,
		);
		const section = rowsSection(lines.join('\n'));
		process.stdout.write(`${section}\n`);
		if (values.out !== undefined) {
			await writeFile(values.out, withRowsSection(await readFile(values.out, 'utf8').catch(() => ''), section));
		}
	} finally {
		await context.embeddings.close();
		await rm(root, { recursive: true, force: true });
	}
});
