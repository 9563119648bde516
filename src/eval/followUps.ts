import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { askInConversation } from '../conversation/askInConversation.ts';
import type { QuestionCondenser } from '../conversation/condenseFollowUp.ts';
import type { Article } from '../corpus/types.ts';
import type { Engine } from '../engine/Engine.ts';
import { locateEvidence, supports } from './evaluate.ts';

const evidenceSchema = z.array(z.object({ file: z.string(), text: z.string().min(1) })).min(1);

const conversationSchema = z.object({
	id: z.string(),
	turns: z
		.array(z.object({ question: z.string().min(1), evidence: evidenceSchema.optional() }))
		.min(2)
		.refine((turns) => turns.slice(1).every((turn) => turn.evidence !== undefined), 'every follow-up needs evidence'),
});

export type Conversation = z.infer<typeof conversationSchema>;

/** Two- and three-turn conversations over the seed corpus whose follow-ups only make sense after the earlier turns. */
export const FOLLOW_UP_CONVERSATIONS = new URL('../../test/eval/followUpConversations.json', import.meta.url);

/** @throws Error naming the file when it is not a conversation set. */
export async function loadConversations(file: URL | string): Promise<Conversation[]> {
	const parsed = z.array(conversationSchema).safeParse(JSON.parse(await readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${String(file)} is not a conversation set: ${parsed.error.message}`);
	return parsed.data;
}

export interface FollowUpMetrics {
	readonly followUps: number;
	/** Follow-ups whose evidence is in the top 5 retrieved passages. */
	readonly hitAt5: number;
	/** Follow-ups whose answer (or closest quote) cites the evidence, among all follow-ups. */
	readonly cited: number;
	/** Follow-ups searched for as a different, standalone question (a language model's rewrite). */
	readonly rewritten: number;
	readonly failures: readonly string[];
}

/**
 * Asks every follow-up turn of every conversation, with the earlier questions condensed into it when a condenser is
 * given and on its own otherwise, and scores whether the right passage was found and cited.
 */
export async function evaluateFollowUps(
	engine: Engine,
	conversations: readonly Conversation[],
	articles: readonly Article[],
	condenser?: QuestionCondenser,
): Promise<FollowUpMetrics> {
	let followUps = 0;
	let hits = 0;
	let cited = 0;
	let rewritten = 0;
	const failures: string[] = [];
	for (const conversation of conversations) {
		const questions = conversation.turns.map((turn) => turn.question);
		for (const [index, turn] of conversation.turns.entries()) {
			if (index === 0 || turn.evidence === undefined) continue;
			const id = `${conversation.id}.${index + 1}`;
			const [spans = []] = locateEvidence(
				[{ id, question: turn.question, category: 'factual', answerable: true, evidence: turn.evidence }],
				articles,
			).values();
			const result =
				condenser === undefined
					? await engine.ask(turn.question)
					: await askInConversation(engine, condenser, turn.question, questions.slice(0, index));
			followUps++;
			if (result.searchedFor !== undefined) rewritten++;
			const rank = result.retrieved.findIndex((item) => supports(item, spans));
			if (rank >= 0 && rank < 5) hits++;
			else failures.push(`${id} evidence not in the top 5 (rank ${rank + 1 || 'none'}): ${turn.question}`);
			if (result.kind !== 'not_covered' && result.citations.some((citation) => supports(citation, spans))) cited++;
			else
				failures.push(
					`${id} ${result.kind === 'not_covered' ? 'not answered' : 'cited other passages'}: ${turn.question}`,
				);
		}
	}
	const share = (count: number): number => (followUps === 0 ? 0 : count / followUps);
	return { followUps, hitAt5: share(hits), cited: share(cited), rewritten, failures };
}

/** Rewrite weights measured next to the one in use, to show why it was chosen. */
const WEIGHTS_COMPARED = [0.25, 0.5, 1] as const;

/**
 * The follow-up table `npm run eval` prints: each follow-up alone, then with the key-term rewrite at several weights,
 * then with the language model's condense step when one is given.
 */
export async function followUpTable(
	engine: Engine,
	articles: readonly Article[],
	condenserWith: (weight: number) => QuestionCondenser,
	inUse: number,
	llmCondenser?: QuestionCondenser,
): Promise<string> {
	const conversations = await loadConversations(FOLLOW_UP_CONVERSATIONS);
	const alone = await evaluateFollowUps(engine, conversations, articles);
	const lines = [
		`## Follow-ups: ${conversations.length} conversations, ${alone.followUps} follow-up turns\n`,
		'| follow-up search                  | hit@5 | cited |',
		'|-----------------------------------|-------|-------|',
	];
	const row = (name: string, metrics: FollowUpMetrics): string =>
		`| ${name.padEnd(33)} | ${metrics.hitAt5.toFixed(3)} | ${metrics.cited.toFixed(3)} |`;
	lines.push(row('question alone (no rewrite)', alone));
	let inUseFailures: readonly string[] = [];
	for (const weight of WEIGHTS_COMPARED) {
		const metrics = await evaluateFollowUps(engine, conversations, articles, condenserWith(weight));
		if (weight === inUse) inUseFailures = metrics.failures;
		lines.push(row(`key-term rewrite, weight ${weight}${weight === inUse ? ' *' : ''}`, metrics));
	}
	const llm = llmCondenser && (await evaluateFollowUps(engine, conversations, articles, llmCondenser));
	if (llm) lines.push(row('language model condense', llm));
	lines.push('\n\\* the weight in use');
	if (llm) {
		lines.push(
			`Language model condense: ${llm.rewritten} of ${llm.followUps} follow-ups searched for as a rewritten question; the rest fell back to the key-term rewrite or came back unchanged.`,
		);
	}
	if (inUseFailures.length > 0)
		lines.push(`\nRewrite misses:\n${inUseFailures.map((failure) => `  ${failure}`).join('\n')}`);
	return lines.join('\n');
}
