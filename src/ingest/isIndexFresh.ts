import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashBytes, listCorpusFiles, UNREADABLE_FILE_HASH } from '../corpus/loadCorpus.ts';
import type { Manifest } from '../store/manifest.ts';

/** Whether the corpus holds exactly the files, byte for byte, that the manifest was built from (indexed or skipped). */
export async function isIndexFresh(
	corpusDir: string,
	manifest: Pick<Manifest, 'skipped'> & { readonly files: Record<string, { readonly sha256: string }> },
): Promise<boolean> {
	const files = await listCorpusFiles(corpusDir);
	const known = {
		...manifest.skipped,
		...Object.fromEntries(Object.entries(manifest.files).map(([file, entry]) => [file, entry.sha256])),
	};
	if (files.length !== Object.keys(known).length) return false;
	for (const file of files) {
		const bytes = await readFile(path.join(corpusDir, file)).catch(() => undefined);
		if (known[file] !== (bytes === undefined ? UNREADABLE_FILE_HASH : hashBytes(bytes))) return false;
	}
	return true;
}
