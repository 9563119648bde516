import type { TextAnalyser, TextAnalysis, EntityKind } from '../text/analyseText.ts';
import { contentTerms } from '../text/terms.ts';
import { constraintsOf, satisfies, type QuestionConstraints } from './questionConstraints.ts';
import type { RetrievedPassage } from './types.ts';

/** What the lexical index knows of a term: how rare it is, and whether the corpus has it at all. */
export interface TermStats {
	idf(term: string): number;
	documentFrequency(term: string): number;
}

/** Passages whose sentences are candidates for the answer. */
const CANDIDATE_PASSAGES = 4;
/** Sentences shorter than this are headings or fragments, never an answer. */
const MIN_SENTENCE_CHARS = 25;
/** Candidates that get the full features (the part-of-speech and entity analysis); the rest rank below them. */
const ANALYSED_CANDIDATES = 8;
/** How the first, cheap ranking weighs a sentence's share of the question's terms against its similarity. */
const COVERAGE_WEIGHT = 0.5;

/**
 * What a question asks for, by its wh-word and the noun after it. Each kind is a feature of its own, so the model
 * learns how much each is worth; `provides` says which entity kinds can answer it.
 */
const ASKS = ['who', 'when', 'where', 'count', 'amount', 'which', 'what', 'how', 'why', 'other'] as const;
type Asks = (typeof ASKS)[number];

const ANSWER_KINDS: Readonly<Record<Asks, readonly EntityKind[]>> = {
	who: [],
	when: ['DATE', 'TIME', 'DURATION', 'ORDINAL'],
	where: [],
	count: ['CARDINAL', 'MONEY', 'PERCENT'],
	amount: ['MONEY', 'PERCENT', 'CARDINAL'],
	which: [],
	what: [],
	how: [],
	why: [],
	other: [],
};

/** Question kinds whose answer is a name: a proper noun the question does not already hold. */
const ASKS_NAME = new Set<Asks>(['who', 'where', 'which']);

function asks(question: string): Asks {
	const lower = question.toLowerCase();
	if (/\bhow (?:many|much|long|old|far|large|big|tall|high|often)\b/u.test(lower)) {
		return /\bhow many\b/u.test(lower) ? 'count' : 'amount';
	}
	if (/\b(?:what|which) (?:year|date|day|month|century|decade|time|period|era|age)\b/u.test(lower)) return 'when';
	if (/\b(?:what|which) (?:percentage|percent|share|proportion|rate|number|amount)\b/u.test(lower)) return 'amount';
	const wh = /\b(who|whom|whose|when|where|which|what|how|why)\b/u.exec(lower)?.[1];
	if (wh === undefined) return 'other';
	if (wh === 'whom' || wh === 'whose') return 'who';
	return wh as Asks;
}

/** Everything about a question that its candidates are compared with; computed once per question. */
export interface QuestionProfile {
	readonly question: string;
	/** Its content terms in order, repeats kept. */
	readonly ordered: readonly string[];
	readonly terms: readonly string[];
	readonly weights: ReadonlyMap<string, number>;
	readonly totalWeight: number;
	readonly bigrams: ReadonlySet<string>;
	readonly asks: Asks;
	readonly constraints: QuestionConstraints;
	readonly analysis: TextAnalysis;
}

export function profileQuestion(question: string, stats: TermStats, analyser: TextAnalyser): QuestionProfile {
	const ordered = contentTerms(question);
	const terms = [...new Set(ordered)];
	const weights = new Map(terms.map((term) => [term, stats.idf(term)]));
	const bigrams = new Set(ordered.slice(1).map((term, i) => `${ordered[i]} ${term}`));
	return {
		question,
		ordered,
		terms,
		weights,
		totalWeight: [...weights.values()].reduce((sum, weight) => sum + weight, 0),
		bigrams,
		asks: asks(question),
		constraints: constraintsOf(question),
		analysis: analyser.analyse(question),
	};
}

/** A sentence of a retrieved passage that might answer the question. */
export interface Candidate {
	readonly text: string;
	/** [start, end) in the article's text. */
	readonly start: number;
	readonly end: number;
	readonly source: RetrievedPassage;
	/** Rank of its passage in retrieval (0 first). */
	readonly passageRank: number;
	/** Index of the sentence within its passage. */
	readonly index: number;
	readonly terms: ReadonlySet<string>;
	readonly similarity: number;
	readonly coverage: number;
	/** The first, cheap ranking: similarity plus half the coverage. */
	readonly prescore: number;
}

function coverage(profile: QuestionProfile, terms: ReadonlySet<string>): number {
	if (profile.totalWeight === 0) return 0;
	let matched = 0;
	for (const term of profile.terms) if (terms.has(term)) matched += profile.weights.get(term) ?? 0;
	return matched / profile.totalWeight;
}

function sentenceText(source: RetrievedPassage, i: number): string {
	const [start, end] = source.passage.sentences[i] ?? [0, 0];
	return source.passage.text.slice(start - source.passage.start, end - source.passage.start);
}

/** The sentences of the top passages, ranked by the cheap score; the first `ANALYSED_CANDIDATES` get full features. */
function candidatesOf(profile: QuestionProfile, retrieved: readonly RetrievedPassage[]): Candidate[] {
	const candidates: Candidate[] = [];
	retrieved.slice(0, CANDIDATE_PASSAGES).forEach((source, passageRank) => {
		source.passage.sentences.forEach(([start, end], index) => {
			const text = sentenceText(source, index);
			if (text.length < MIN_SENTENCE_CHARS) return;
			const terms = new Set(contentTerms(text));
			const similarity = source.sentenceSimilarities[index] ?? 0;
			const covered = coverage(profile, terms);
			candidates.push({
				text,
				start,
				end,
				source,
				passageRank,
				index,
				terms,
				similarity,
				coverage: covered,
				prescore: similarity + COVERAGE_WEIGHT * covered,
			});
		});
	});
	return candidates.sort((a, b) => b.prescore - a.prescore);
}

/** Names of the features, in the order `featuresOf` returns them; the model's weights follow this order. */
export const FEATURE_NAMES = [
	'similarity',
	'similarity_gap',
	'passage_similarity',
	'coverage',
	'coverage_gap',
	'coverage_neighbours',
	'coverage_passage',
	'missing_weight_passage',
	'max_missing_idf',
	'bigram_share',
	'new_term_share',
	'prescore_rank',
	'passage_rank',
	'fused_score_ratio',
	'constraints_met',
	'question_numbers_missing',
	'negation_mismatch',
	'question_proper_missing',
	'new_proper_nouns',
	'expected_entity',
	'question_terms',
	'sentence_terms',
	'ends_with_colon',
	'substituted_inner',
	'substituted_edge',
	'max_unmatched_idf',
	'question_negated',
	'polar_words_missing',
	'numbers_missing_sentence',
	'proper_missing_sentence',
	'aligned_swaps',
	'inserted_between',
	...ASKS.map((kind) => `asks_${kind}`),
	...ASKS.map((kind) => `asks_${kind}_answered`),
] as const;

/** Terms in the sentences just before and after, and in the whole passage with its article's title. */
function neighbourTerms(candidate: Candidate): Set<string> {
	const { source, index } = candidate;
	const neighbours = new Set(candidate.terms);
	for (const i of [index - 1, index + 1]) {
		if (i >= 0 && i < source.passage.sentences.length) {
			for (const term of contentTerms(sentenceText(source, i))) neighbours.add(term);
		}
	}
	return neighbours;
}

/** What every candidate of one question is compared with, computed once: the best of them, and each passage's terms. */
interface Shared {
	readonly bestSimilarity: number;
	readonly bestCoverage: number;
	readonly topScore: number;
	readonly passageTerms: ReadonlyMap<RetrievedPassage, ReadonlySet<string>>;
}

/**
 * The first `ANALYSED_CANDIDATES` candidates of a question with their features, in the cheap ranking's order: what the
 * model scores, in the composer and in training alike.
 */
export function analyseCandidates(
	profile: QuestionProfile,
	retrieved: readonly RetrievedPassage[],
	analyser: TextAnalyser,
): { readonly candidate: Candidate; readonly features: number[] }[] {
	const ranked = candidatesOf(profile, retrieved).slice(0, ANALYSED_CANDIDATES);
	const passageTerms = new Map<RetrievedPassage, ReadonlySet<string>>();
	for (const { source } of ranked) {
		if (!passageTerms.has(source)) {
			passageTerms.set(source, new Set(contentTerms(`${source.article.title}\n${source.passage.text}`)));
		}
	}
	const shared: Shared = {
		bestSimilarity: Math.max(...ranked.map((item) => item.similarity)),
		bestCoverage: Math.max(...ranked.map((item) => item.coverage)),
		topScore: ranked.reduce((max, item) => Math.max(max, item.source.score), 0),
		passageTerms,
	};
	return ranked.map((candidate, rank) => ({
		candidate,
		features: featuresOf(profile, candidate, shared, rank, analyser),
	}));
}

/**
 * Function words that turn a sentence's meaning around ("before" the war, "least" important): stop words to retrieval,
 * but a question that holds one its sentence lacks is often asking something else.
 */
const POLAR_WORDS = new Set(
	'before after more most less least over under above below against only all no not nor few never without first last'.split(
		' ',
	),
);

/**
 * Question terms the sentence lacks although the terms around them match: a word swapped for another ("past" for
 * "future", "thirds" for "half") is how a question about the sentence stops being answered by it. Counts those with
 * a matching term on both sides, and those at an edge with one.
 */
function substitutions(ordered: readonly string[], terms: ReadonlySet<string>): { inner: number; edge: number } {
	let inner = 0;
	let edge = 0;
	ordered.forEach((term, i) => {
		if (terms.has(term)) return;
		const before = i > 0 ? terms.has(ordered[i - 1]!) : undefined;
		const after = i + 1 < ordered.length ? terms.has(ordered[i + 1]!) : undefined;
		if (before === true && after === true) inner++;
		else if ((before === undefined && after === true) || (after === undefined && before === true)) edge++;
	});
	return { inner, edge };
}

/** How far apart two question neighbours may stand in the sentence for the words between them to count as a swap. */
const SWAP_REACH = 3;

/**
 * Where the sentence puts other words between two terms the question has side by side: a question term missing there
 * ("possible past actions" / "possible future actions") is a swap; an extra word there ("joined Norman forces" /
 * "joined Turkish forces") changes who did what. Counted over the question's neighbouring term pairs.
 */
function alignedChanges(ordered: readonly string[], sentence: readonly string[]): { swaps: number; inserted: number } {
	const question = new Set(ordered);
	let swaps = 0;
	let inserted = 0;
	const gapBetween = (a: string, b: string): string[] | undefined => {
		for (let i = 0; i < sentence.length; i++) {
			if (sentence[i] !== a) continue;
			for (let j = i + 1; j <= i + 1 + SWAP_REACH && j < sentence.length; j++) {
				if (sentence[j] === b) return sentence.slice(i + 1, j);
			}
		}
		return undefined;
	};
	for (let i = 0; i + 1 < ordered.length; i++) {
		const gap = gapBetween(ordered[i]!, ordered[i + 1]!);
		if (gap && gap.some((term) => !question.has(term))) inserted++;
		if (i + 2 < ordered.length) {
			const around = gapBetween(ordered[i]!, ordered[i + 2]!);
			if (around && !around.includes(ordered[i + 1]!) && around.some((term) => !question.has(term))) swaps++;
		}
	}
	return { swaps, inserted };
}

function share(count: number, of: number): number {
	return of === 0 ? 0 : count / of;
}

/**
 * The features of one candidate against its question: how close and how covered it is, alone and against the other
 * candidates; what of the question its passage lacks (a swapped name, a number); whether it holds the kind of answer
 * asked for; negation. All lie in [0, 1] or near it, so the weights compare.
 */
function featuresOf(
	profile: QuestionProfile,
	candidate: Candidate,
	{ bestSimilarity, bestCoverage, topScore, passageTerms }: Shared,
	rank: number,
	analyser: TextAnalyser,
): number[] {
	const neighbours = neighbourTerms(candidate);
	const passage = passageTerms.get(candidate.source) ?? new Set<string>();
	let missingWeight = 0;
	let maxMissingIdf = 0;
	for (const term of profile.terms) {
		if (passage.has(term)) continue;
		const weight = profile.weights.get(term) ?? 0;
		missingWeight += weight;
		maxMissingIdf = Math.max(maxMissingIdf, weight);
	}
	const sentenceTerms = contentTerms(candidate.text);
	let bigrams = 0;
	for (let i = 1; i < sentenceTerms.length; i++) {
		if (profile.bigrams.has(`${sentenceTerms[i - 1]} ${sentenceTerms[i]}`)) bigrams++;
	}
	const questionTerms = new Set(profile.terms);
	const newTerms = [...candidate.terms].filter((term) => !questionTerms.has(term)).length;
	const analysis = analyser.analyse(candidate.text);
	const questionProper = [...profile.analysis.properNouns];
	const properMissing = questionProper.filter((term) => !passage.has(term)).length;
	const newProper = [...analysis.properNouns].filter((term) => !questionTerms.has(term)).length;
	const expectedKinds = ANSWER_KINDS[profile.asks];
	const expected =
		expectedKinds.some((kind) => analysis.entityKinds.has(kind) && !profile.analysis.entityKinds.has(kind)) ||
		(ASKS_NAME.has(profile.asks) && newProper > 0);
	const context = `${candidate.source.article.title}\n${candidate.source.article.date ?? ''}\n${candidate.source.passage.text}`;
	const passageNumbers = profile.constraints.numbers.filter((number) => !context.includes(number)).length;
	const swapped = substitutions(profile.ordered, candidate.terms);
	let maxUnmatchedIdf = 0;
	for (const term of profile.terms) {
		if (!neighbours.has(term)) maxUnmatchedIdf = Math.max(maxUnmatchedIdf, profile.weights.get(term) ?? 0);
	}
	const sentenceWords = new Set(analysis.lower);
	const polarMissing = profile.analysis.lower.filter(
		(word) => POLAR_WORDS.has(word) && !sentenceWords.has(word),
	).length;
	const sentenceNumbersMissing = profile.constraints.numbers.filter(
		(number) => !candidate.text.includes(number),
	).length;
	const properMissingSentence = questionProper.filter((term) => !candidate.terms.has(term)).length;
	const changes = alignedChanges(profile.ordered, sentenceTerms);
	const features = [
		candidate.similarity,
		bestSimilarity - candidate.similarity,
		candidate.source.similarity,
		candidate.coverage,
		bestCoverage - candidate.coverage,
		coverage(profile, neighbours),
		coverage(profile, passage),
		share(missingWeight, profile.totalWeight),
		Math.min(1, maxMissingIdf / 10),
		share(bigrams, Math.max(1, profile.bigrams.size)),
		share(newTerms, Math.max(1, candidate.terms.size)),
		Math.min(1, rank / ANALYSED_CANDIDATES),
		candidate.passageRank / CANDIDATE_PASSAGES,
		topScore === 0 ? 0 : candidate.source.score / topScore,
		satisfies(profile.constraints, candidate.text, context) ? 1 : 0,
		passageNumbers > 0 ? 1 : 0,
		profile.analysis.negated === analysis.negated ? 0 : 1,
		share(properMissing, Math.max(1, questionProper.length)),
		Math.min(1, newProper / 3),
		expected ? 1 : 0,
		Math.min(1, profile.terms.length / 10),
		Math.min(1, candidate.terms.size / 30),
		/:\s*$/u.test(candidate.text) ? 1 : 0,
		Math.min(1, swapped.inner / 2),
		Math.min(1, swapped.edge / 2),
		Math.min(1, maxUnmatchedIdf / 10),
		profile.analysis.negated ? 1 : 0,
		Math.min(1, polarMissing),
		sentenceNumbersMissing > 0 ? 1 : 0,
		share(properMissingSentence, Math.max(1, questionProper.length)),
		Math.min(1, changes.swaps / 2),
		Math.min(1, changes.inserted / 2),
		...ASKS.map((kind) => (profile.asks === kind ? 1 : 0)),
		...ASKS.map((kind) => (profile.asks === kind && expected ? 1 : 0)),
	];
	return features;
}
