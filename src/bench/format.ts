/** Milliseconds with as many decimals as their size deserves. */
export function formatMs(value: number): string {
	if (!Number.isFinite(value)) return '–';
	if (value < 10) return value.toFixed(2);
	if (value < 100) return value.toFixed(1);
	return Math.round(value).toLocaleString('en-US');
}

export function formatSeconds(ms: number): string {
	return Number.isFinite(ms) ? `${(ms / 1_000).toFixed(1)} s` : '–';
}

export function formatCount(value: number): string {
	return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

/** A size in bytes as MB, or kB below one MB. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '–';
	return bytes < 1e6 ? `${Math.round(bytes / 1e3).toLocaleString('en-US')} kB` : formatMb(bytes / 1e6);
}

export function formatMb(value: number): string {
	return Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} MB` : '–';
}

export function formatShare(value: number, digits = 3): string {
	return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function formatPercent(value: number): string {
	return Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : '–';
}

/** A Markdown table; cells are escaped for pipes. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
	const line = (cells: readonly string[]): string =>
		`| ${cells.map((cell) => cell.replace(/\|/gu, '\\|')).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
