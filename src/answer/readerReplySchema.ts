import { z } from 'zod';

/** What the language model must return; every field is required, so strict structured-output servers accept it. */
export const readerReplySchema = z
	.object({
		answerable: z.boolean().describe('true only when the numbered sentences state the answer to the question'),
		sentence_ids: z
			.array(z.number().int())
			.describe('ids of the sentences that state the answer, most relevant first; [] when not answerable'),
		summary: z
			.array(z.string())
			.describe(
				'one to three short sentences answering the question, each ending with the [id] markers of the sentences it rests on; [] when not answerable',
			),
	})
	.describe('The sentences that answer the question, and a short answer built only from their words');

export type ReaderReply = z.infer<typeof readerReplySchema>;
