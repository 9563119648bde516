import type pg from 'pg';
import { AppError } from '../../errors.ts';

/** The lease every ingest of the shared index takes. */
export const INGEST_LEASE = 'ingest';
/** How long a lease lasts without a heartbeat: a killed ingest blocks the next one for at most this long. */
export const LEASE_MS = 30_000;

/**
 * A lease row (holder, heartbeat, expiry) taken and renewed in short statements. Unlike a session advisory lock it
 * holds across the connections of a pool, survives poolers such as PgBouncer, and lapses on its own when its holder
 * dies.
 */
export class PgLease {
	private lost = false;
	private readonly heartbeat: NodeJS.Timeout;

	private constructor(
		private readonly pool: pg.Pool,
		public readonly name: string,
		public readonly holder: string,
		private readonly ttlMs: number,
	) {
		// A failed heartbeat is tried again at the next one; the lease is lost only when another holder has it.
		this.heartbeat = setInterval(() => {
			this.renew().catch(() => undefined);
		}, ttlMs / 3);
		this.heartbeat.unref();
	}

	/**
	 * Takes the lease when it is free, expired or already ours.
	 * @throws AppError('REINDEX_IN_PROGRESS') naming the holder when another holds it.
	 */
	public static async acquire(pool: pg.Pool, name: string, holder: string, ttlMs = LEASE_MS): Promise<PgLease> {
		const { rowCount } = await pool.query(
			`INSERT INTO footnote_leases (name, holder, heartbeat_at, expires_at)
			VALUES ($1, $2, now(), now() + make_interval(secs => $3))
			ON CONFLICT (name) DO UPDATE
				SET holder = excluded.holder, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
				WHERE footnote_leases.expires_at < now() OR footnote_leases.holder = excluded.holder`,
			[name, holder, ttlMs / 1_000],
		);
		if (rowCount === 0) {
			const { rows } = await pool.query<{ holder: string; seconds: number }>(
				`SELECT holder, ceil(extract(epoch FROM expires_at - now()))::integer AS seconds
				FROM footnote_leases WHERE name = $1`,
				[name],
			);
			const other = rows[0];
			throw new AppError(
				'REINDEX_IN_PROGRESS',
				`Another ingest (${other?.holder ?? 'unknown'}) is updating the shared index; its lease expires in ` +
					`${other?.seconds ?? 0} s unless it renews it.`,
			);
		}
		return new PgLease(pool, name, holder, ttlMs);
	}

	/**
	 * Renews the lease now and checks it is still this holder's, before a step that must not run twice.
	 * @throws AppError('REINDEX_IN_PROGRESS') when it lapsed and another ingest took it over.
	 */
	public async confirm(): Promise<void> {
		await this.renew();
		if (this.lost) {
			throw new AppError(
				'REINDEX_IN_PROGRESS',
				'This ingest lost its lease on the shared index (it went unrenewed past its expiry); another ingest took over.',
			);
		}
	}

	/** Gives the lease up; another ingest can take it at once. */
	public async release(): Promise<void> {
		clearInterval(this.heartbeat);
		await this.pool.query('DELETE FROM footnote_leases WHERE name = $1 AND holder = $2', [this.name, this.holder]);
	}

	private async renew(): Promise<void> {
		const { rowCount } = await this.pool.query(
			`UPDATE footnote_leases SET heartbeat_at = now(), expires_at = now() + make_interval(secs => $3)
			WHERE name = $1 AND holder = $2`,
			[this.name, this.holder, this.ttlMs / 1_000],
		);
		if (rowCount === 0) this.lost = true;
	}
}
