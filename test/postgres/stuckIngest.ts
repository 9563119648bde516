// An ingest that stops for good in the middle of embedding, for a test to kill: what a crashed machine leaves behind.
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { openPool } from '../../src/store/postgres/pgPool.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';

class StuckEmbeddings extends KeywordEmbeddings {
	public override embedDocuments(): Promise<number[][]> {
		process.stdout.write('stuck in embedding\n');
		return new Promise(() => undefined);
	}
}

const pool = openPool(process.env.DATABASE_URL ?? '');
await updatePgIndex({
	pool,
	corpusDir: process.env.CORPUS_DIR ?? '',
	embeddings: new StuckEmbeddings(),
	logger: silentLogger,
	leaseMs: Number(process.env.LEASE_MS),
});
