import type { Article } from '../corpus/types.ts';
import { locateEvidence } from '../eval/evaluate.ts';
import type { EvalQuestion } from '../eval/questions.ts';
import { locateNeedles, type Needle, type NeedleSpec } from './needles.ts';

/** Subjects that recur across two centuries of addresses: the generic half of the SOTU query mix. */
export const SOTU_TOPICS = [
	'the national debt',
	'tariffs on imported goods',
	'relations with the Indian tribes',
	'the strength of the navy',
	'the regular army and the militia',
	'the post office',
	'the sale of public lands',
	'building railroads',
	'the national bank and the currency',
	'the gold standard',
	'the income tax',
	'civil service reform',
	'public education',
	'health care costs',
	'Social Security',
	'Medicare',
	'terrorism',
	'the war in Iraq',
	'the Soviet Union',
	'nuclear weapons',
	'space exploration',
	'energy independence',
	'climate change',
	'protecting the environment',
	'violent crime',
	'illegal drugs',
	'welfare reform',
	'farmers and agriculture',
	'labor unions and strikes',
	'the minimum wage',
	'trade with China',
	'the war with Mexico',
	'Cuba',
	'the Philippines',
	'the Panama Canal',
	'the League of Nations',
	'prohibition of alcohol',
	'relief during the Depression',
	'unemployment',
	'veterans and their pensions',
	'civil rights',
	'voting rights',
	'highways and roads',
	'cutting taxes',
	'the budget deficit',
	'inflation and prices',
	'housing',
	'immigration',
	'piracy and the Barbary states',
	'neutrality in European wars',
	'the fisheries',
	'patents and inventions',
	'the census',
	'the District of Columbia',
	'slavery',
	'reconstruction of the South',
	'the trusts and monopolies',
	'the merchant marine',
	'the Monroe Doctrine',
	'Great Britain',
	'France',
	'Spain',
	'Germany',
	'Japan',
	'Russia',
	'Mexico',
	'Canada and the boundary',
	'Hawaii',
	'Alaska',
	'the Supreme Court',
	'small businesses',
	'manufacturing jobs',
	'scientific research',
	'the internet and technology',
	'student loans and college',
	'military readiness',
	'foreign aid',
	'the United Nations',
	'NATO and our allies',
	'the Middle East',
] as const;

const TEMPLATES = [
	(topic: string) => `What did the president say about ${topic}?`,
	(topic: string) => `What should Congress do about ${topic}?`,
] as const;

/** `count` generic questions, two phrasings per topic, in a fixed order. */
export function topicalQuestions(count: number): string[] {
	const all = TEMPLATES.flatMap((template) => SOTU_TOPICS.map((topic) => template(topic)));
	return all.slice(0, Math.max(0, count));
}

/** The questions a workload asks: needles to score, and everything asked in the latency run. */
export interface QuestionSet {
	readonly needles: readonly Needle[];
	/** Needles first, then generic questions; each asked once per latency run. */
	readonly questions: readonly string[];
	readonly description: string;
}

/** The SOTU mix: every needle whose address is in the corpus, then generic topical questions up to `total`. */
export function sotuQuestionSet(
	specs: readonly NeedleSpec[],
	articles: readonly Article[],
	total: number,
): QuestionSet {
	const needles = locateNeedles(specs, articles);
	const topical = topicalQuestions(Math.max(0, total - needles.length));
	return {
		needles,
		questions: [...needles.map((needle) => needle.question), ...topical],
		description: `${needles.length} needle questions + ${topical.length} generic topical questions`,
	};
}

/** The seed mix: the evaluation set's answerable questions as needles; all its questions asked until `total`. */
export function seedQuestionSet(
	questions: readonly EvalQuestion[],
	articles: readonly Article[],
	total: number,
): QuestionSet {
	const spans = locateEvidence(questions, articles);
	const needles = questions
		.filter((question) => question.answerable && question.evidence.length > 0)
		.map((question) => ({ question: question.question, spans: spans.get(question.id) ?? [] }));
	const rounds = Math.max(1, Math.ceil(total / questions.length));
	return {
		needles,
		questions: Array.from({ length: rounds }, () => questions.map((question) => question.question)).flat(),
		description: `${questions.length} evaluation questions${rounds > 1 ? `, each asked ${rounds} times` : ''} (${needles.length} with evidence)`,
	};
}
