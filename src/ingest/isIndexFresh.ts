import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS_CONFIG_FILE } from '../corpus/corpusConfig.ts';
import { hashFile, listCorpusFiles, UNREADABLE_FILE_HASH } from '../corpus/loadCorpus.ts';
import type { Manifest } from '../store/manifest.ts';

/** Whether the corpus holds exactly the files, byte for byte, that the manifest was built from (indexed or skipped). */
export async function isIndexFresh(corpusDir: string, manifest: Pick<Manifest, 'sources'>): Promise<boolean> {
	const files = await listCorpusFiles(corpusDir);
	if (await stat(path.join(corpusDir, CORPUS_CONFIG_FILE)).catch(() => undefined)) files.push(CORPUS_CONFIG_FILE);
	if (files.length !== Object.keys(manifest.sources).length) return false;
	for (const file of files) {
		const sha256 = await hashFile(path.join(corpusDir, file)).catch(() => UNREADABLE_FILE_HASH);
		if (manifest.sources[file] !== sha256) return false;
	}
	return true;
}
