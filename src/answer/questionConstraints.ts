/**
 * Cheap checks on what a question asks for, which similarity alone misses: a question about 2024 is not
 * answered by a passage about 2017, and "how many…" is not answered by a sentence without a quantity.
 */
export interface QuestionConstraints {
	/** Numbers the question names (years, amounts); the evidence must name them too. */
	readonly numbers: readonly string[];
	/** The question asks for a quantity; the answer sentence must state one. */
	readonly wantsQuantity: boolean;
}

const NUMBER = /\d+(?:[,.]\d+)*/gu;
const QUANTITY_QUESTION =
	/\b(?:how (?:many|much)|by how much|what (?:percentage|percent|share|proportion|number|amount|sum|price|(?:\w+ )?rate)|how (?:large|big|high|low) (?:a|an|is|was|were))\b/iu;
const QUANTITY =
	/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozens?|half|double|triple|percent)\b/iu;

function normaliseNumber(value: string): string {
	return value.replace(/,/gu, '');
}

export function constraintsOf(question: string): QuestionConstraints {
	return {
		numbers: [...new Set((question.match(NUMBER) ?? []).map(normaliseNumber))],
		wantsQuantity: QUANTITY_QUESTION.test(question),
	};
}

/** Whether a sentence, read within its passage, can answer a question with these constraints. */
export function satisfies(constraints: QuestionConstraints, sentence: string, passage: string): boolean {
	if (constraints.wantsQuantity && !QUANTITY.test(sentence)) return false;
	if (constraints.numbers.length === 0) return true;
	const present = new Set((passage.match(NUMBER) ?? []).map(normaliseNumber));
	return constraints.numbers.every((number) => present.has(number));
}
