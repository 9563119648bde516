import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { normaliseTerm } from './terms.ts';

/** Kinds of answer an entity can be, as wink-nlp's English model names them. */
export type EntityKind = 'DATE' | 'TIME' | 'DURATION' | 'CARDINAL' | 'ORDINAL' | 'MONEY' | 'PERCENT' | 'OTHER';

/** What answerability needs to know about a text beyond its terms: names, numbers and dates, and negation. */
export interface TextAnalysis {
	/** Normalised terms of the proper nouns it names ("Norman" → `norman`). */
	readonly properNouns: ReadonlySet<string>;
	/** Kinds of the entities it holds (dates, counts, amounts…). */
	readonly entityKinds: ReadonlySet<EntityKind>;
	/** Whether any of its clauses is negated ("not", "never", "n't"). */
	readonly negated: boolean;
	/** Universal part-of-speech tags of its tokens, in order. */
	readonly pos: readonly string[];
	/** Its tokens, lower case, in order (aligned with `pos`). */
	readonly lower: readonly string[];
}

export interface TextAnalyser {
	analyse(text: string): TextAnalysis;
}

const ENTITY_KINDS = new Set<string>(['DATE', 'TIME', 'DURATION', 'CARDINAL', 'ORDINAL', 'MONEY', 'PERCENT']);
/** Sentences analysed recently: the same passages come back for related questions. */
const CACHE_SIZE = 4_096;

/**
 * wink-nlp with its English model: part-of-speech tags, number/date/amount entities and negation, at about 0.3 ms a
 * sentence. Loading the model takes about half a second, so the composition root creates one and shares it.
 */
export function createTextAnalyser(): TextAnalyser {
	const nlp = winkNLP(model, ['pos', 'ner', 'negation']);
	const its = nlp.its;
	const cache = new Map<string, TextAnalysis>();
	return {
		analyse(text) {
			const cached = cache.get(text);
			if (cached) return cached;
			const doc = nlp.readDoc(text);
			const tokens = doc.tokens();
			const pos = tokens.out(its.pos);
			const values = tokens.out();
			const negation = tokens.out(its.negationFlag) as unknown as boolean[];
			const properNouns = new Set<string>();
			pos.forEach((tag, i) => {
				const term = tag === 'PROPN' ? normaliseTerm(values[i] ?? '') : null;
				if (term !== null) properNouns.add(term);
			});
			const entityKinds = new Set<EntityKind>();
			for (const { type } of doc.entities().out(its.detail) as unknown as { type: string }[]) {
				entityKinds.add(ENTITY_KINDS.has(type) ? (type as EntityKind) : 'OTHER');
			}
			const analysis: TextAnalysis = {
				properNouns,
				entityKinds,
				negated: negation.some(Boolean),
				pos,
				lower: values.map((value) => value.toLowerCase()),
			};
			if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
			cache.set(text, analysis);
			return analysis;
		},
	};
}
