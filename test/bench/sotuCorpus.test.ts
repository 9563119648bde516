import { describe, expect, it } from 'vitest';
import { loadNeedleSpecs, locateNeedles, SOTU_NEEDLES } from '../../src/bench/needles.ts';
import { addressDocument, addressFileName, sotuAddresses } from '../../src/bench/sotuCorpus.ts';
import { parseArticle } from '../../src/corpus/loadCorpus.ts';

describe('SOTU export', () => {
	it('names a file by year and president', () => {
		expect(addressFileName({ year: 1862, name: 'Abraham Lincoln' })).toBe('1862_abraham_lincoln.txt');
		expect(addressFileName({ year: 1898, name: 'William Mc Kinley' })).toBe('1898_william_mc_kinley.txt');
		expect(addressFileName({ year: 2001, name: 'George W. Bush' })).toBe('2001_george_w_bush.txt');
	});

	it('gives all 233 addresses distinct file names', () => {
		const files = sotuAddresses().map(addressFileName);
		expect(files).toHaveLength(233);
		expect(new Set(files).size).toBe(233);
	});

	it('writes a headline the corpus loader takes as the title, and the address as the body', () => {
		const address = {
			year: 1941,
			name: 'Franklin D Roosevelt',
			party: 'Democratic',
			text: 'Mr. President. We look forward.',
		};
		const article = parseArticle(addressFileName(address), Buffer.from(addressDocument(address)));
		expect(article.title).toBe('State of the Union — Franklin D Roosevelt, 1941');
		expect(article.text).toBe('Mr. President. We look forward.');
	});

	it('finds the evidence of every needle in the exported addresses', async () => {
		const specs = await loadNeedleSpecs(SOTU_NEEDLES);
		const wanted = new Set(specs.map((spec) => spec.file));
		const articles = sotuAddresses()
			.filter((address) => wanted.has(addressFileName(address)))
			.map((address) => parseArticle(addressFileName(address), Buffer.from(addressDocument(address))));
		expect(locateNeedles(specs, articles)).toHaveLength(specs.length);
	});
});
