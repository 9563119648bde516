import { createRequire } from 'node:module';
import path from 'node:path';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { getBackend, setBackend } from '@tensorflow/tfjs-core';
import { AppError } from '../errors.ts';

// tfjs keeps its backend in per-thread global state, so initialisation is shared by every model of the thread.
let initialised: Promise<void> | undefined;

/**
 * Switches tfjs in this thread to the WebAssembly SIMD backend with one thread; worker threads each get their own.
 * @throws AppError('EMBEDDINGS_UNAVAILABLE') when the WebAssembly binary cannot be loaded.
 */
export function initWasmBackend(): Promise<void> {
	initialised ??= start().catch((error: unknown) => {
		initialised = undefined;
		throw new AppError('EMBEDDINGS_UNAVAILABLE', 'The tfjs WebAssembly backend failed to start', { cause: error });
	});
	return initialised;
}

async function start(): Promise<void> {
	const require = createRequire(import.meta.url);
	const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
	setWasmPaths(`${wasmDir}${path.sep}`);
	setThreadsCount(1);
	// tfjs reports a failed backend as `false`, with the reason only on the console.
	if (!(await setBackend('wasm')) || getBackend() !== 'wasm') throw new Error('tfjs could not select the wasm backend');
}
