import type { EngineConfig } from '../config.ts';
import { openPool } from '../store/postgres/pgPool.ts';
import type { ReindexableEngine } from './Engine.ts';
import { openEngine, type EngineDeps } from './openEngine.ts';
import { openPgEngine } from './openPgEngine.ts';

export interface OpenedEngine {
	readonly engine: ReindexableEngine;
	/** Stops what the backend runs in the background and closes its connections. */
	close(): Promise<void>;
}

/**
 * Opens the engine over the configured backend: the local index directory (the default), or the index shared in
 * Postgres (INDEX_BACKEND=postgres, DATABASE_URL).
 */
export async function openBackendEngine(
	config: Pick<EngineConfig, 'INDEX_BACKEND' | 'DATABASE_URL'>,
	deps: EngineDeps,
): Promise<OpenedEngine> {
	if (config.INDEX_BACKEND !== 'postgres' || config.DATABASE_URL === undefined) {
		return { engine: await openEngine(deps), close: () => Promise.resolve() };
	}
	const pool = openPool(config.DATABASE_URL);
	try {
		const engine = await openPgEngine({ ...deps, pool });
		return {
			engine,
			async close() {
				await engine.close();
				await pool.end();
			},
		};
	} catch (error) {
		await pool.end();
		throw error;
	}
}
