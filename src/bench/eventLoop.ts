import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** The event-loop target: no task may hold the loop longer than this. */
export const MAX_BLOCK_MS = 50;
/** How often the loop is sampled. */
const RESOLUTION_MS = 10;
/** A stall with at least this event-loop utilisation was code holding the loop, not a wait for a core. */
export const BUSY_SHARE = 0.5;
/** Stalls kept in a report, longest first. */
const KEPT_STALLS = 8;

/** A time the loop could not run timers: from `atMs` (since the watch started) for `ms`. */
export interface Stall {
	readonly atMs: number;
	readonly ms: number;
	/** The phase running when the stall began, any phase marked while it lasted, and overlapping activities. */
	readonly phase: string;
	/**
	 * Share of the stall this thread spent running (event-loop utilisation): near 1, code held the loop; near 0, the
	 * thread was ready but waited for a core (other threads or processes had both).
	 */
	readonly busy: number;
}

export interface PhaseStalls {
	readonly count: number;
	readonly longestMs: number;
	readonly busyCount: number;
	readonly busyLongestMs: number;
}

export interface EventLoopReport {
	/** Longest delay of a timer past its due time, from `monitorEventLoopDelay`. */
	readonly maxMs: number;
	readonly p99Ms: number;
	readonly meanMs: number;
	readonly stallsOverLimit: number;
	/** Stalls over the limit during which this thread mostly ran code (utilisation ≥ {@link BUSY_SHARE}). */
	readonly busyStalls: number;
	/** The longest of those. */
	readonly busyMaxMs: number;
	/** Time lost in stalls over the limit, in all. */
	readonly stalledMs: number;
	readonly longest: readonly Stall[];
	/** Stalls over the limit in each phase: how many and the longest, in all and of those where code held the loop. */
	readonly byPhase: Readonly<Record<string, PhaseStalls>>;
}

export interface EventLoopWatch {
	/** Names what the process does from now on, for attributing stalls. */
	mark(phase: string): void;
	/** Starts an activity that may overlap phases (answering a question); call the result when it ends. */
	begin(activity: string): () => void;
	/** Lets the loop turn twice, so a block that just ended is counted, then stops watching. */
	stop(): Promise<EventLoopReport>;
}

/** Delay of the loop beyond what an idle loop shows: what a waiting Discord interaction would feel. */
export function delayOf(intervalMs: number): number {
	return Math.max(0, intervalMs - RESOLUTION_MS);
}

/** Watches this thread's event loop until `stop`, recording every stall over {@link MAX_BLOCK_MS}. */
export function watchEventLoop(firstPhase = 'start'): EventLoopWatch {
	const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
	histogram.enable();
	const started = performance.now();
	const marks: { atMs: number; phase: string }[] = [{ atMs: 0, phase: firstPhase }];
	const stalls: Stall[] = [];
	const activities: { from: number; to: number; name: string }[] = [];
	let last = started;
	let lastUtilisation = performance.eventLoopUtilization();
	const timer = setInterval(() => {
		const now = performance.now();
		const utilisation = performance.eventLoopUtilization();
		const busy = performance.eventLoopUtilization(utilisation, lastUtilisation).utilization;
		lastUtilisation = utilisation;
		const ms = delayOf(now - last);
		if (ms > MAX_BLOCK_MS) {
			const from = last - started;
			const to = now - started;
			const during = marks.filter((mark, i) => mark.atMs <= to && (marks[i + 1]?.atMs ?? Infinity) > from);
			stalls.push({ atMs: from, ms, phase: during.map((mark) => mark.phase).join(' → '), busy });
		}
		last = now;
	}, RESOLUTION_MS);
	return {
		mark(phase) {
			marks.push({ atMs: performance.now() - started, phase });
		},
		begin(name) {
			const activity = { from: performance.now() - started, to: Infinity, name };
			activities.push(activity);
			return () => {
				activity.to = performance.now() - started;
			};
		},
		async stop() {
			await sleep(2 * RESOLUTION_MS);
			clearInterval(timer);
			histogram.disable();
			const labelled = stalls.map((stall) => {
				const during = activities.filter((item) => item.from < stall.atMs + stall.ms && item.to > stall.atMs);
				const names = [...new Set(during.map((item) => item.name))];
				return names.length === 0 ? stall : { ...stall, phase: `${stall.phase} + ${names.join(', ')}` };
			});
			const byPhase: Record<string, { count: number; longestMs: number; busyCount: number; busyLongestMs: number }> =
				{};
			for (const stall of labelled) {
				const entry = (byPhase[stall.phase] ??= { count: 0, longestMs: 0, busyCount: 0, busyLongestMs: 0 });
				entry.count++;
				entry.longestMs = Math.max(entry.longestMs, stall.ms);
				if (stall.busy >= BUSY_SHARE) {
					entry.busyCount++;
					entry.busyLongestMs = Math.max(entry.busyLongestMs, stall.ms);
				}
			}
			// The histogram does not see a block that starts before its first sample; the sampler does.
			const longest = Math.max(0, ...stalls.map((stall) => stall.ms));
			return {
				maxMs: Math.max(delayOf(histogram.max / 1e6), longest),
				p99Ms: delayOf(histogram.percentile(99) / 1e6),
				meanMs: delayOf(histogram.mean / 1e6),
				stallsOverLimit: labelled.length,
				busyStalls: labelled.filter((stall) => stall.busy >= BUSY_SHARE).length,
				busyMaxMs: Math.max(0, ...labelled.filter((stall) => stall.busy >= BUSY_SHARE).map((stall) => stall.ms)),
				stalledMs: labelled.reduce((sum, stall) => sum + stall.ms, 0),
				longest: [...labelled].sort((a, b) => b.ms - a.ms).slice(0, KEPT_STALLS),
				byPhase,
			};
		},
	};
}
