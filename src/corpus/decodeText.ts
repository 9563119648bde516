import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Above this share of control characters a file is binary, whatever its name says. */
const MAX_CONTROL_CHAR_RATIO = 0.01;
/** How far into an HTML or XML file a charset declaration may stand. */
const DECLARATION_WINDOW = 4_096;
const DECLARED_CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/iu;

function bomEncoding(bytes: Buffer): string | undefined {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	return undefined;
}

function declaredEncoding(bytes: Buffer): string | undefined {
	const head = bytes.subarray(0, DECLARATION_WINDOW).toString('latin1');
	const match = DECLARED_CHARSET.exec(head);
	const name = (match?.[1] ?? match?.[2])?.toLowerCase();
	return name && iconv.encodingExists(name) ? name : undefined;
}

function isUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
		return true;
	} catch {
		return false;
	}
}

function looksBinary(text: string): boolean {
	if (text.includes('\u0000')) return true;
	const control = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/gu)?.length ?? 0;
	return control / Math.max(1, text.length) > MAX_CONTROL_CHAR_RATIO;
}

/**
 * Decodes a text file: by its byte-order mark, then the charset an HTML or XML file declares, then UTF-8 when the bytes
 * are valid UTF-8, then the encoding a detector guesses (Windows-1252 and other legacy code pages).
 * @throws Error with a reason written for the file's owner when the bytes are empty or binary.
 */
export function decodeText(bytes: Buffer): string {
	if (bytes.length === 0) throw new Error('the file is empty');
	const bom = bomEncoding(bytes);
	if (bom === undefined && bytes.includes(0)) throw new Error('the file looks binary, not text');
	const declared = declaredEncoding(bytes);
	// A page saved as UTF-8 often still declares the charset it was served with: valid UTF-8 wins over the declaration.
	const encoding =
		bom ?? (isUtf8(bytes) ? 'utf-8' : declared) ?? chardet.detect(bytes)?.toLowerCase() ?? 'windows-1252';
	const text = iconv.decode(bytes, iconv.encodingExists(encoding) ? encoding : 'windows-1252');
	if (looksBinary(text)) throw new Error('the file looks binary, not text');
	return text;
}

/** How much of a streamed file is read to tell its encoding. */
const SNIFF_BYTES = 64 * 1_024;

/**
 * Opens a row file (CSV, JSON Lines) as a stream of text, its encoding told from its first 64 KB as
 * {@link decodeText} tells it (byte-order mark, valid UTF-8, else detection), so a file of any size is never read whole.
 */
export async function openTextStream(file: string): Promise<NodeJS.ReadableStream> {
	const handle = await open(file);
	let head: Buffer;
	try {
		const buffer = Buffer.alloc(SNIFF_BYTES);
		const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
		head = buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
	const encoding =
		bomEncoding(head) ?? (isUtf8(head) ? 'utf-8' : (chardet.detect(head)?.toLowerCase() ?? 'windows-1252'));
	// iconv-lite drops a byte-order mark while it decodes.
	return createReadStream(file).pipe(iconv.decodeStream(iconv.encodingExists(encoding) ? encoding : 'windows-1252'));
}
