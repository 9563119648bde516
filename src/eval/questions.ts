import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const questionSchema = z.object({
	id: z.string(),
	question: z.string().min(1),
	category: z.enum(['factual', 'paraphrase', 'cross', 'unanswerable', 'boilerplate']),
	answerable: z.boolean(),
	evidence: z.array(z.object({ file: z.string(), text: z.string().min(1) })),
});

export type EvalQuestion = z.infer<typeof questionSchema>;

/** The seed corpus's evaluation set, written by hand from the articles; the thresholds are calibrated on it. */
export const SEED_QUESTIONS = new URL('../../test/eval/seedQuestions.json', import.meta.url);

/**
 * A second set on the same articles, written before the answer-type checks were, to see how the calibration carries
 * over to questions it was not tuned on.
 */
export const HELDOUT_QUESTIONS = new URL('../../test/eval/heldoutQuestions.json', import.meta.url);

/** @throws Error naming the file and the first problems when it is not a valid question set. */
export async function loadQuestions(file: URL | string): Promise<EvalQuestion[]> {
	const parsed = z.array(questionSchema).safeParse(JSON.parse(await readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${String(file)} is not a question set: ${parsed.error.message}`);
	return parsed.data;
}
