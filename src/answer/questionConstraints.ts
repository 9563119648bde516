import { normaliseTerm, tokenize } from '../text/terms.ts';

/**
 * Cheap checks on what a question asks for, which similarity alone misses: a question about 2024 is not answered by a
 * passage about 2017, "how many smugglers" is not answered by a count of deaths, "when" is not answered by a sentence
 * that names no time. A sentence close to the question in topic but without the kind of answer asked for is the
 * commonest way an extractive answerer guesses.
 */
export interface QuestionConstraints {
	/** Numbers the question names (years, amounts); the evidence must name them too. */
	readonly numbers: readonly string[];
	/** The kind of answer the question asks for, when its form says so. */
	readonly expects: ExpectedAnswer | null;
}

export type ExpectedAnswer =
	/** "How many X": a number counting X (the question's terms for X, normalised). */
	| { readonly kind: 'count'; readonly counted: readonly string[] }
	/** "How much", "by how much": an amount (money, a percentage, a number with a unit). */
	| { readonly kind: 'amount' }
	/** "What rate/percentage/share": a percentage. */
	| { readonly kind: 'percentage' }
	/** "When", "what date/year": a date or another expression of time. */
	| { readonly kind: 'time' }
	/** "Who", "which company/official…": a name the question does not already hold (its words, lower case). */
	| { readonly kind: 'name'; readonly known: ReadonlySet<string> };

const NUMBER = /\d+(?:[,.]\d+)*/gu;
const NUMBER_WORDS =
	'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|several|half|double|triple';
const IS_NUMBER = new RegExp(`^(?:\\d[\\d,.]*%?|${NUMBER_WORDS})$`, 'iu');
const AMOUNT = new RegExp(
	`[$€£¥]\\s?\\d|\\d\\s?%|\\b(?:\\d[\\d,.]*|${NUMBER_WORDS})\\s+(?:percent|per cent|percentage points?|basis points|million|billion|trillion|dollars|euros|yuan|pounds|tons|tonnes|barrels|times)\\b|\\b(?:doubled|tripled|halved)\\b`,
	'iu',
);
const PERCENTAGE = /\d\s?%|\b(?:percent|per cent|percentage points?|basis points)\b/iu;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const TIME = new RegExp(
	`\\b(?:${MONTHS}|${WEEKDAYS}|(?:19|20)\\d\\d|yesterday|today|tonight|tomorrow|ago|(?:last|next|this|coming|previous|same|following|early|late|mid)[ -](?:week|month|year|day|weekend|morning|spring|summer|autumn|fall|winter|decade|century)|(?:week|month|year|day)s? (?:ago|later|earlier|before|after)|morning|afternoon|evening|overnight|holiday|eve|anniversary|soon|shortly|recently|weekend)\\b`,
	'iu',
);

/**
 * Nouns that ask for a named person, organisation or place in "which/what N" questions ("which agency", "what
 * newspaper"); "which opioid" asks for a thing that need not be a proper name.
 */
const NAMED_CLASSES = new Set(
	(
		'person people man woman official officials leader leaders minister ministers president ambassador envoy ' +
		'diplomat diplomats adviser advisor spokesman spokeswoman secretary senator congressman lawmaker lawmakers ' +
		'judge lawyer attorney executive executives chief director founder businessman tycoon billionaire dissident ' +
		'critic expert experts analyst analysts professor fellow buyer buyers company companies firm firms business ' +
		'businesses agency agencies department ministry government governments country countries nation nations ' +
		'state states city cities province region party newspaper paper outlet institute institution university ' +
		'organization organisation group groups panel committee court bank team brand app'
	).split(' '),
);
/** Capitalised words that are not names of who or what is asked about. */
const NOT_NAMES = new Set(
	(
		`${MONTHS}|${WEEKDAYS}|i|chinese|american|americans|mexican|canadian|russian|ukrainian|japanese|korean|` +
		'british|european|taiwanese|vietnamese|indian|french|german|asian|western|eastern|republican|democrat|mr|mrs|ms|dr'
	).split('|'),
);
const WHO_QUESTION = /^\s*(?:who|whom|whose)\b/iu;
const WHICH_QUESTION = /\b(?:which|what)\s+(.+)/iu;
/** How many words after "which/what" may hold the noun it asks about ("which exiled tycoon"). */
const WHICH_REACH = 3;

const COUNT_QUESTION = /\bhow many\s+(.+)/iu;
const AMOUNT_QUESTION = /\b(?:by )?how much\b/iu;
const PERCENTAGE_QUESTION = /\b(?:what|which)\s+(?:\w+\s+)?(?:percentage|percent|share|proportion|rate)\b/iu;
const TIME_QUESTION = /^\s*when\b|\b(?:what|which)\s+(?:date|day|year|month|time)\b|\bhow long ago\b/iu;
/** Words that end the counted noun phrase of "how many …": the verb of the question begins there. */
const PHRASE_END = new Set(
	'did do does is are was were has have had will would can could should may might of in at on to for from by with'.split(
		' ',
	),
);
/** Counted nouns so general that any count in the sentence may be the answer ("how many people died" / "20,000 deaths"). */
const GENERIC_COUNTED = new Set(['peopl', 'person', 'time', 'thing', 'on']);
/** How far a count may stand before the noun it counts ("four different possible buyers"). */
const COUNT_REACH = 4;

function normaliseNumber(value: string): string {
	return value.replace(/,/gu, '');
}

/** "Which four buyers…", "what newspaper…": the words before the question's verb include a named class. */
function asksWhichNamed(question: string): boolean {
	const rest = WHICH_QUESTION.exec(question)?.[1] ?? '';
	return phraseOf(rest)
		.slice(0, WHICH_REACH)
		.some((token) => NAMED_CLASSES.has(token.toLowerCase()));
}

/** The words of a noun phrase up to the question's verb or a preposition. */
function phraseOf(text: string): string[] {
	const phrase: string[] = [];
	for (const token of tokenize(text)) {
		if (PHRASE_END.has(token.toLowerCase())) break;
		phrase.push(token);
	}
	return phrase;
}

function expectedAnswer(question: string): ExpectedAnswer | null {
	const count = COUNT_QUESTION.exec(question);
	if (count?.[1] !== undefined) {
		const counted = phraseOf(count[1])
			.map(normaliseTerm)
			.filter((term): term is string => term !== null);
		return { kind: 'count', counted: counted.some((term) => GENERIC_COUNTED.has(term)) ? [] : counted };
	}
	if (AMOUNT_QUESTION.test(question)) return { kind: 'amount' };
	if (PERCENTAGE_QUESTION.test(question)) return { kind: 'percentage' };
	if (TIME_QUESTION.test(question)) return { kind: 'time' };
	if (WHO_QUESTION.test(question) || asksWhichNamed(question)) {
		return { kind: 'name', known: new Set(tokenize(question).map((token) => token.toLowerCase())) };
	}
	return null;
}

export function constraintsOf(question: string): QuestionConstraints {
	return {
		numbers: [...new Set((question.match(NUMBER) ?? []).map(normaliseNumber))],
		expects: expectedAnswer(question),
	};
}

/** Whether a sentence holds a number counting one of the given terms (any number when there are none). */
function counts(sentence: string, counted: readonly string[]): boolean {
	const tokens = tokenize(sentence);
	return tokens.some((token, i) => {
		if (!IS_NUMBER.test(token)) return false;
		if (counted.length === 0) return true;
		return tokens.slice(i + 1, i + 1 + COUNT_REACH).some((next) => counted.includes(normaliseTerm(next) ?? ''));
	});
}

/**
 * Whether a sentence names someone or something the question does not: a capitalised word, the first one too unless
 * it is a function word ("Guo said…" names Guo, "The fate of…" names nobody).
 */
function names(sentence: string, known: ReadonlySet<string>): boolean {
	return tokenize(sentence).some((token, i) => {
		const lower = token.toLowerCase();
		if (!/^\p{Lu}/u.test(token) || known.has(lower) || NOT_NAMES.has(lower)) return false;
		return i > 0 || normaliseTerm(token) !== null;
	});
}

function provides(expects: ExpectedAnswer, sentence: string): boolean {
	switch (expects.kind) {
		case 'count':
			return counts(sentence, expects.counted);
		case 'amount':
			return AMOUNT.test(sentence);
		case 'percentage':
			return PERCENTAGE.test(sentence);
		case 'time':
			return TIME.test(sentence);
		case 'name':
			return names(sentence, expects.known);
	}
}

/** Whether a sentence, read within its passage, can answer a question with these constraints. */
export function satisfies(constraints: QuestionConstraints, sentence: string, passage: string): boolean {
	if (constraints.expects && !provides(constraints.expects, sentence)) return false;
	if (constraints.numbers.length === 0) return true;
	const present = new Set((passage.match(NUMBER) ?? []).map(normaliseNumber));
	return constraints.numbers.every((number) => present.has(number));
}
