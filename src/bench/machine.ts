import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
	readonly cores: number;
	readonly cpu: string;
	readonly memoryGb: number;
	readonly node: string;
	readonly platform: string;
	readonly date: string;
	/** The commit measured, with `+ local changes` when src/ (the benchmark's own files aside) differs from it. */
	readonly revision: string;
}

function git(...args: string[]): string {
	try {
		return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return '';
	}
}

function revision(): string {
	const commit = git('rev-parse', '--short', 'HEAD');
	if (commit === '') return 'unknown revision';
	return git('status', '--porcelain', '--', 'src', ':!src/bench', ':!src/cli/bench.ts') === ''
		? commit
		: `${commit} + local changes`;
}

export function describeMachine(now = new Date()): Machine {
	const cpus = os.cpus();
	return {
		cores: os.availableParallelism(),
		cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
		memoryGb: os.totalmem() / 1e9,
		node: process.version,
		platform: `${os.platform()} ${os.arch()}`,
		date: now.toISOString().slice(0, 10),
		revision: revision(),
	};
}
