import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** The optional settings file in the corpus directory; it is configuration, never an article. */
export const CORPUS_CONFIG_FILE = 'footnote.corpus.json';

export const ARTICLE_FIELDS = ['id', 'title', 'text', 'url', 'date', 'authors', 'publisher', 'language'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];

const corpusConfigSchema = z
	.object({
		/** Which column or key holds each article field in row formats (.jsonl, .json, .csv), when detection guesses wrong. */
		fields: z.partialRecord(z.enum(ARTICLE_FIELDS), z.string().min(1)).optional(),
		/** Only files matching one of these patterns are read (`*` within a folder, `**` across folders). */
		include: z.array(z.string().min(1)).optional(),
		/** `collapse` (the default) indexes a syndicated story once; `keep` indexes every copy, as an archive may want. */
		syndicatedCopies: z.enum(['collapse', 'keep']).optional(),
	})
	.strict();

export type CorpusConfig = z.infer<typeof corpusConfigSchema>;

/**
 * Reads `footnote.corpus.json` from the corpus directory; an absent file means the defaults.
 * @throws AppError('INPUT_INVALID') naming the file and every problem when it is not valid.
 */
export async function readCorpusConfig(dir: string): Promise<CorpusConfig> {
	const file = path.join(dir, CORPUS_CONFIG_FILE);
	let json: string;
	try {
		json = await readFile(file, 'utf8');
	} catch {
		return {};
	}
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch (error) {
		throw new AppError('INPUT_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
	}
	const result = corpusConfigSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
		throw new AppError('INPUT_INVALID', `${file} is not a corpus configuration: ${problems.join('; ')}`);
	}
	return result.data;
}

function globToRegExp(pattern: string): RegExp {
	const source = pattern
		.split('**/')
		.map((part) =>
			part
				.split('*')
				.map((piece) => piece.replace(/[.+?^${}()|[\]\\]/gu, '\\$&'))
				.join('[^/]*'),
		)
		.join('(?:.*/)?');
	return new RegExp(`^${source}$`, 'u');
}

/** Whether a corpus-relative path is one the configuration asks to read. */
export function isIncluded(config: CorpusConfig, file: string): boolean {
	return config.include === undefined || config.include.some((pattern) => globToRegExp(pattern).test(file));
}
