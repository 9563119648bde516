import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { PgAnswerStore, type PgStoreOptions } from '../../src/state/PgAnswerStore.ts';
import { openPool } from '../../src/store/postgres/pgPool.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { resetDatabase } from '../postgres/pgHelpers.ts';
import { answered, describeAnswerStoreContract, KEY, pending, T0 } from './answerStoreContract.ts';

const STATE_TABLES = [
	'footnote_answers',
	'footnote_citations',
	'footnote_votes',
	'footnote_threads',
	'footnote_turns',
	'footnote_pending',
];
let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

async function emptyDatabase(): Promise<void> {
	await database.closePools();
	await resetDatabase(database.pool());
}

/** A store on a pool of its own, as each shard process opens one. */
function open(options: Partial<PgStoreOptions> = {}): Promise<PgAnswerStore> {
	return PgAnswerStore.open({
		pool: database.pool(),
		userKey: KEY,
		retentionDays: 90,
		owner: 'bot',
		now: () => T0,
		...options,
	});
}

describeAnswerStoreContract('PgAnswerStore', {
	async fresh() {
		await emptyDatabase();
		return 'database';
	},
	open: (_place, options) => open(options),
	async dump() {
		const pool = database.pool();
		const dumps = await Promise.all(
			STATE_TABLES.map(async (table) => JSON.stringify((await pool.query(`SELECT * FROM ${table}`)).rows)),
		);
		return dumps.join('\n');
	},
});

describe('PgAnswerStore across processes', () => {
	beforeEach(emptyDatabase);

	it('lets exactly one of two shards post an answer when the asker clicks on both at once', async () => {
		const [first, second] = await Promise.all([open({ owner: 'shard 0' }), open({ owner: 'shard 1' })]);
		const ids = Array.from({ length: 12 }, (_, index) => String(index));
		for (const id of ids) await first.remember({ id, command: 'ask', askerId: 'alice', result: answered(`Q${id}`) });
		const claims = await Promise.all(
			ids.map((id) => Promise.all([first.claimPost(id, 'alice'), second.claimPost(id, 'alice')])),
		);
		for (const pair of claims) expect(pair.sort()).toEqual(['already_posted', 'claimed']);
		await Promise.all([first.close(), second.close()]);
	});

	it('gives each question a dead process left in flight to one of two shards starting together', async () => {
		// A process that stopped renewing its hold: its questions are anyone's once the hold lapses.
		const gone = await open({ owner: 'shard 5', holdMs: 30 });
		const ids = Array.from({ length: 12 }, (_, index) => `q${index}`);
		for (const [index, id] of ids.entries()) await gone.addPending(pending(id, T0 - 60_000 + index));
		await gone.close();
		await new Promise((resolve) => setTimeout(resolve, 100));

		const [first, second] = await Promise.all([open({ owner: 'shard 0' }), open({ owner: 'shard 1' })]);
		const since = new Date(T0 - 15 * 60_000);
		const [a, b] = await Promise.all([first.takePending(since), second.takePending(since)]);
		const taken = [...a, ...b].map(({ id }) => id);
		expect(taken.sort()).toEqual([...ids].sort());
		// Each keeps what it took: neither takes the other's again.
		expect(await second.takePending(since)).toEqual(b);
		expect(await first.takePending(since)).toEqual(a);
		await Promise.all([first.close(), second.close()]);
	});

	it('leaves a live shard’s questions in flight to it, and hands them to that shard’s next process at once', async () => {
		const live = await open({ owner: 'shard 0' });
		await live.addPending(pending('q', T0 - 60_000));
		const other = await open({ owner: 'shard 1' });
		expect(await other.takePending(new Date(T0 - 15 * 60_000))).toEqual([]);
		await live.close();

		const restarted = await open({ owner: 'shard 0' });
		expect(await restarted.takePending(new Date(T0 - 15 * 60_000))).toEqual([pending('q', T0 - 60_000)]);
		await restarted.completePending('q');
		expect(await restarted.takePending(new Date(0))).toEqual([]);
		await Promise.all([other.close(), restarted.close()]);
	});

	it('reports a database it cannot reach without echoing the connection string', async () => {
		const closed = createServer();
		closed.listen(0, '127.0.0.1');
		await once(closed, 'listening');
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const url = `postgres://footnote:s3cret-password@127.0.0.1:${port}/footnote`;
		const error = await PgAnswerStore.open({ pool: openPool(url), userKey: KEY, retentionDays: 90, owner: 'bot' }).then(
			() => undefined,
			(reason: unknown) => reason,
		);
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).code).toBe('STATE_UNAVAILABLE');
		expect((error as AppError).message).toMatch(/The answer database in DATABASE_URL cannot be used \(.*ECONNREFUSED/u);
		expect((error as AppError).message).not.toContain('s3cret-password');
	});
});
