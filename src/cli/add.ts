import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NewDocument } from '../engine/addDocument.ts';
import { openBackendEngine } from '../engine/openBackendEngine.ts';
import { AppError, isAppError } from '../errors.ts';
import { AddressPolicy } from '../fetch/addressPolicy.ts';
import { fetchPage } from '../fetch/fetchDocument.ts';
import { formatSize, MAX_FETCH_BYTES } from '../fetch/guardedFetch.ts';
import { articleUrl, bylineParts } from '../text/byline.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run add -- [--corpus DIR] [--index DIR] <url|file>
Adds an article to the corpus, from a web page or a local file, and indexes it; only its passages are embedded.
The page is fetched from public addresses only (FETCH_ALLOWED_ADDRESSES allows private ones), with at most
5 redirects, ${formatSize(MAX_FETCH_BYTES)} and 15 s. It is saved under a generated name in the corpus directory's added/ folder.`;

/** A local file, read whole after checking that it is not larger than a fetched page may be. */
async function readLocal(file: string): Promise<NewDocument> {
	const size = await stat(file).then(
		(info) => info.size,
		(error: NodeJS.ErrnoException) => {
			throw new AppError('DOCUMENT_REFUSED', `${file} cannot be read (${error.code ?? error.message})`);
		},
	);
	if (size > MAX_FETCH_BYTES) {
		throw new AppError(
			'DOCUMENT_REFUSED',
			`${file} is ${formatSize(size)}; the limit is ${formatSize(MAX_FETCH_BYTES)}`,
		);
	}
	return { name: path.basename(file), bytes: await readFile(file) };
}

runCli(async () => {
	const { values, positionals } = parseFlags(CORPUS_FLAGS, USAGE);
	const [target] = positionals;
	if (target === undefined || positionals.length > 1) {
		throw new AppError('INPUT_INVALID', `Give one web address or file to add.\n\n${USAGE}`);
	}
	const context = await createCliContext(values, 'documents');
	try {
		const policy = { addresses: new AddressPolicy(context.config.FETCH_ALLOWED_ADDRESSES) };
		const document = /^[a-z][a-z0-9+.-]*:\/\//iu.test(target)
			? await fetchPage(target, policy)
			: await readLocal(target);
		const { engine, close } = await openBackendEngine(context.config, {
			...context,
			onProgress: progressReporter('Building the index: embedding sentences'),
		});
		const result = await engine.add(document).finally(close);
		if (result.kind === 'refused') throw new AppError('DOCUMENT_REFUSED', result.reason);
		for (const article of result.articles) {
			const byline = bylineParts(article).join(', ');
			const url = articleUrl(article);
			console.log(`Added “${article.title}”${byline ? ` — ${byline}` : ''}: ${article.passageCount} passage(s).`);
			if (url) console.log(`  ${url.href}`);
		}
		console.log(`Saved as ${path.join(context.corpusDir, result.file)}; indexed in ${result.seconds.toFixed(1)} s.`);
	} catch (error) {
		if (isAppError(error, 'DOCUMENT_REFUSED')) error.message = `Not added: ${error.message}. The corpus is unchanged.`;
		throw error;
	} finally {
		await context.embeddings.close();
	}
});
