import { once } from 'node:events';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { BotConfig } from '../config.ts';
import type { Logger } from '../logger.ts';

/** How many shards Discord recommends for this bot, asked through DISCORD_API_BASE when it points at a proxy. */
async function recommendedShards(config: Pick<BotConfig, 'DISCORD_TOKEN' | 'DISCORD_API_BASE'>): Promise<number> {
	const rest = new REST(config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE });
	const gateway = (await rest.setToken(config.DISCORD_TOKEN).get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
	return gateway.shards;
}

export interface RunningShards {
	readonly count: number;
	/** Stops every shard (each finishes its answers in flight) and resolves when all have exited. */
	stop(): Promise<void>;
}

/**
 * Starts one bot process per shard with discord.js's ShardingManager, each running `entryPoint` as a shard. All of them
 * read the one shared index (INDEX_BACKEND=postgres), so a /reindex on any shard serves every shard.
 */
export async function startShards(
	config: Pick<BotConfig, 'DISCORD_TOKEN' | 'DISCORD_API_BASE' | 'SHARDS'>,
	entryPoint: string,
	logger: Logger,
): Promise<RunningShards> {
	const count = config.SHARDS === 'auto' ? await recommendedShards(config) : (config.SHARDS ?? 1);
	const manager = new ShardingManager(entryPoint, {
		token: config.DISCORD_TOKEN,
		totalShards: count,
		mode: 'process',
		// The shard processes run TypeScript through the same loader as this one.
		execArgv: process.execArgv,
	});
	manager.on('shardCreate', (shard) => {
		logger.info({ shard: shard.id, shards: count }, 'shard.started');
		shard.on('death', () => logger.warn({ shard: shard.id }, 'shard.exited'));
	});
	// No timeout: the first shard may build the shared index before it logs in, which takes as long as the corpus needs.
	await manager.spawn({ amount: count, timeout: -1 });
	return {
		count,
		async stop() {
			manager.respawn = false;
			const exits = [...manager.shards.values()].map(async (shard) => {
				const child = shard.process;
				if (!child || child.exitCode !== null) return;
				const exited = once(child, 'exit');
				child.kill('SIGTERM');
				await exited;
			});
			await Promise.all(exits);
		},
	};
}
