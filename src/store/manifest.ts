import { z } from 'zod';
import { MAX_PASSAGE_CHARS, MIN_PASSAGE_CHARS, TARGET_PASSAGE_CHARS } from '../corpus/chunkArticle.ts';
import { AppError } from '../errors.ts';

/** Bump when the layout of the index directory or the meaning of its files changes. */
export const FORMAT_VERSION = 3;
export const MANIFEST_FILE = 'manifest.json';
/** Passages depend on cleaning and chunking; a change here re-chunks and re-embeds everything. */
export const CHUNKER_ID = `sentences-v1:${TARGET_PASSAGE_CHARS}/${MIN_PASSAGE_CHARS}/${MAX_PASSAGE_CHARS}`;

const fileEntry = z.object({
	sha256: z.string().regex(/^[0-9a-f]{64}$/u),
	title: z.string(),
	publisher: z.string().optional(),
	date: z.string().optional(),
	url: z.string().optional(),
	authors: z.array(z.string()).optional(),
	language: z.string().optional(),
	alsoIn: z.array(z.string()).optional(),
	/** Labels [firstPassage, firstPassage + passageCount) of the store belong to this file. */
	firstPassage: z.number().int().nonnegative(),
	passageCount: z.number().int().positive(),
});

const manifestSchema = z.object({
	formatVersion: z.number().int(),
	model: z.object({ id: z.string().min(1), dimensions: z.number().int().positive() }),
	chunker: z.string(),
	files: z.record(z.string(), fileEntry),
	passageCount: z.number().int().nonnegative(),
	/** Files reported and skipped, by hash, so an unchanged bad file does not make the index look stale. */
	skipped: z.record(z.string(), z.string()),
	builtAt: z.iso.datetime(),
	/** sha256 of every other file in the index directory, to detect a damaged or half-copied index. */
	checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/u)),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileEntry>;

/**
 * Parses and checks a manifest's own consistency.
 * @throws AppError('INDEX_CORRUPT') when it is not valid JSON of the expected shape.
 */
export function parseManifest(json: string, where: string): Manifest {
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch (error) {
		throw new AppError('INDEX_CORRUPT', `${where} is not valid JSON.`, { cause: error });
	}
	const result = manifestSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
		throw new AppError('INDEX_CORRUPT', `${where} is not a Footnote manifest: ${problems.join('; ')}`);
	}
	const total = Object.values(result.data.files).reduce((sum, file) => sum + file.passageCount, 0);
	if (total !== result.data.passageCount) {
		throw new AppError(
			'INDEX_CORRUPT',
			`${where} lists ${total} passages by file but ${result.data.passageCount} in all.`,
		);
	}
	return result.data;
}

/** Why an index cannot be used with this build and model, or undefined when it can. */
export function incompatibility(manifest: Manifest, model: { id: string; dimensions: number }): string | undefined {
	if (manifest.formatVersion !== FORMAT_VERSION)
		return `format version ${manifest.formatVersion}, expected ${FORMAT_VERSION}`;
	if (manifest.model.id !== model.id) return `embedding model ${manifest.model.id}, expected ${model.id}`;
	if (manifest.model.dimensions !== model.dimensions) {
		return `${manifest.model.dimensions}-dimensional vectors, expected ${model.dimensions}`;
	}
	if (manifest.chunker !== CHUNKER_ID) return `chunker ${manifest.chunker}, expected ${CHUNKER_ID}`;
	return undefined;
}
