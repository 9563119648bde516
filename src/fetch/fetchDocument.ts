import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../corpus/formats/index.ts';
import { unreadableType, type NewDocument } from '../engine/addDocument.ts';
import { AppError } from '../errors.ts';
import { formatSize, guardedFetch, MAX_FETCH_BYTES, type FetchPolicy } from './guardedFetch.ts';

/** The corpus format each content type is saved as; only those whose extension the corpus reads are fetched. */
const EXTENSION_OF_TYPE: Readonly<Record<string, string>> = {
	'text/html': '.html',
	'application/xhtml+xml': '.html',
	'text/plain': '.txt',
	'text/markdown': '.md',
	'text/x-markdown': '.md',
	'application/pdf': '.pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
	'application/rss+xml': '.rss',
	'application/atom+xml': '.atom',
	'application/xml': '.xml',
	'text/xml': '.xml',
	'application/json': '.json',
	'application/x-ndjson': '.jsonl',
	'text/csv': '.csv',
};

function readableTypes(): string[] {
	return Object.keys(EXTENSION_OF_TYPE).filter((type) => SUPPORTED_EXTENSIONS.includes(EXTENSION_OF_TYPE[type] ?? ''));
}

/**
 * Fetches the page a member linked, as a document named for the format its content type says.
 * @throws AppError('DOCUMENT_REFUSED') when the guard refuses the address or the response (see {@link guardedFetch}).
 */
export async function fetchPage(url: string, policy: FetchPolicy = {}): Promise<NewDocument> {
	const types = readableTypes();
	const fetched = await guardedFetch(
		{ url, accepts: (type) => types.includes(type), wanted: `a page the corpus reads (${types.join(', ')})` },
		policy,
	);
	return { name: `page${EXTENSION_OF_TYPE[fetched.contentType] ?? ''}`, bytes: fetched.bytes, from: fetched.url };
}

export interface Attachment {
	readonly name: string;
	/** As the chat service states it, checked before anything is downloaded. */
	readonly size: number;
	readonly url: string;
}

/**
 * Downloads an uploaded file through the same guard as a page, after checking its name and stated size.
 * @throws AppError('DOCUMENT_REFUSED') for a type the corpus does not read, an oversize file, or a refused download.
 */
export async function fetchAttachment(attachment: Attachment, policy: FetchPolicy = {}): Promise<NewDocument> {
	const unreadable = unreadableType(attachment.name);
	if (unreadable !== undefined) throw new AppError('DOCUMENT_REFUSED', unreadable);
	const maxBytes = policy.maxBytes ?? MAX_FETCH_BYTES;
	if (attachment.size > maxBytes) {
		throw new AppError(
			'DOCUMENT_REFUSED',
			`the file is ${formatSize(attachment.size)}; the limit is ${formatSize(maxBytes)}`,
		);
	}
	// Discord's guess at an attachment's type is no check of it; the extension decides how the corpus reads it.
	const fetched = await guardedFetch({ url: attachment.url, accepts: () => true, wanted: 'any type' }, policy);
	return { name: `upload${path.extname(attachment.name).toLowerCase()}`, bytes: fetched.bytes };
}
