import cliProgress from 'cli-progress';

/** Plain lines are printed at most this often when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 2_000;

export interface ProgressFigures {
	readonly share: number;
	/** Items per second so far. */
	readonly rate: number;
	/** Seconds left at that rate, when it can be told. */
	readonly secondsLeft?: number;
}

export function progressFigures(done: number, total: number, elapsedMs: number): ProgressFigures {
	const share = total === 0 ? 1 : done / total;
	const rate = elapsedMs > 0 ? (done * 1_000) / elapsedMs : 0;
	return rate > 0 ? { share, rate, secondsLeft: (total - done) / rate } : { share, rate };
}

function perSecond(rate: number): string {
	return rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
}

function duration(seconds: number): string {
	if (seconds < 60) return `${Math.ceil(seconds)} s`;
	const minutes = Math.floor(seconds / 60);
	return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}

function remaining(done: number, total: number, secondsLeft: number | undefined): string {
	if (done === total) return 'done';
	return secondsLeft === undefined ? 'starting' : `about ${duration(secondsLeft)} left`;
}

/** "Embedding sentences: 1,200/5,000 (24%), 310/s, about 12 s left" */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
	const { share, rate, secondsLeft } = progressFigures(done, total, elapsedMs);
	const left = remaining(done, total, secondsLeft);
	return `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.floor(share * 100)}%), ${perSecond(rate)}/s, ${left}`;
}

/**
 * Reports ingest progress on stderr: a bar with share done, rate and time left on a terminal (cli-progress), plain
 * lines every few seconds otherwise, so a log file is not filled with redraws.
 */
export function progressReporter(label: string): (done: number, total: number) => void {
	const started = Date.now();
	if (process.stderr.isTTY) {
		const bar = new cliProgress.SingleBar(
			{
				format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | {left}`,
				stream: process.stderr,
				hideCursor: true,
				clearOnComplete: false,
			},
			cliProgress.Presets.shades_classic,
		);
		let running = false;
		return (done, total) => {
			const { rate, secondsLeft } = progressFigures(done, total, Date.now() - started);
			const payload = { rate: perSecond(rate), left: remaining(done, total, secondsLeft) };
			if (!running) {
				bar.start(total, done, payload);
				running = true;
			} else bar.update(done, payload);
			if (done === total) bar.stop();
		};
	}
	let lastPrinted = 0;
	return (done, total) => {
		if (done !== total && Date.now() - lastPrinted < PLAIN_INTERVAL_MS) return;
		lastPrinted = Date.now();
		process.stderr.write(`${progressLine(label, done, total, Date.now() - started)}\n`);
	};
}
