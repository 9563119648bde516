import { readFile } from 'node:fs/promises';
import { tellParent, type JobName } from './childProcess.ts';

type Job = (spec: never) => Promise<unknown>;

// Each job is imported only in its own process, so a cold start loads what the product loads and nothing more.
const JOBS: Record<JobName, () => Promise<Job>> = {
	ingest: async () => (await import('./jobs/ingestJob.ts')).ingestJob,
	serve: async () => (await import('./jobs/serveJob.ts')).serveJob,
	analyse: async () => (await import('./jobs/analyseJob.ts')).analyseJob,
	langchain: async () => (await import('./jobs/langchainJob.ts')).langchainJob,
};

async function main(): Promise<void> {
	const [name, specFile] = process.argv.slice(2);
	const load = JOBS[name as JobName];
	if (load === undefined || specFile === undefined) throw new Error(`Unknown job ${name ?? '(none)'}`);
	const spec = JSON.parse(await readFile(specFile, 'utf8')) as never;
	const job = await load();
	await tellParent({ type: 'result', result: await job(spec) });
}

main().then(
	() => process.exit(0),
	async (error: unknown) => {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		await tellParent({ type: 'error', message }).catch(() => undefined);
		process.exit(1);
	},
);
