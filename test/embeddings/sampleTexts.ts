import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const seedsDir = path.resolve(import.meta.dirname, '../../seeds');

/** The seed articles' texts, in file order. */
export const SEEDS = readdirSync(seedsDir)
	.sort()
	.map((file) => readFileSync(path.join(seedsDir, file), 'utf8'));

/** A fixed sample of 20 texts: questions, sentences, ~1,100-character passages and odd scripts. */
export const SAMPLE_TEXTS: readonly string[] = [
	'What did officials in Beijing say about fentanyl and the tariffs?',
	'Who is talking past each other?',
	'trade talks',
	'Hello, world!',
	'emoji 😀👍🏽 and CJK 中文文本 with combining e\u0301',
	'ＦＵＬＬＷＩＤＴＨ ﬁligature ①',
	...SEEDS.flatMap((seed) => [0, 1_100, 3_300, 5_500, 7_700].map((start) => seed.slice(start, start + 1_100))),
	...SEEDS.map((seed) => seed.split('\n').find((line) => line.length > 200)!),
	'The quick brown fox jumps over the lazy dog. '.repeat(40),
	'a',
];
