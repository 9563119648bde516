/**
 * A worker entry that registers tsx, then imports `entry`: Node 20 applies no `--import` hooks to a worker's entry,
 * so a TypeScript module cannot be a worker's entry by itself.
 */
export function tsxWorkerEntry(entry: URL): URL {
	const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
	const code = `import { register } from ${tsxApi}; register(); await import(${JSON.stringify(entry.href)});`;
	return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
