import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashBytes, listCorpusFiles } from '../corpus/loadCorpus.ts';
import type { Manifest } from '../store/manifest.ts';

/** Whether the corpus holds exactly the files, byte for byte, that the manifest was built from (indexed or skipped). */
export async function isIndexFresh(corpusDir: string, manifest: Manifest): Promise<boolean> {
	const files = await listCorpusFiles(corpusDir);
	const known = {
		...manifest.skipped,
		...Object.fromEntries(Object.entries(manifest.files).map(([file, entry]) => [file, entry.sha256])),
	};
	if (files.length !== Object.keys(known).length) return false;
	for (const file of files) {
		if (known[file] !== hashBytes(await readFile(path.join(corpusDir, file)))) return false;
	}
	return true;
}
