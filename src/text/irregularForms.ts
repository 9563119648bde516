// Porter stemming joins "raised" to "raise" but not "spoken" to "speak": the irregular forms of common English verbs
// (and a few nouns) are mapped to their base form first, so that "When did they last speak?" matches "haven't spoken".
const FORMS =
	'arise arose arisen|awake awoke awoken|beat beaten|become became|begin began begun|' +
	'bend bent|bet|bid|bite bit bitten|bleed bled|blow blew blown|break broke broken|breed bred|' +
	'bring brought|build built|burn burnt|buy bought|cast|catch caught|choose chose chosen|cling clung|come came|' +
	'cost|creep crept|cut|deal dealt|dig dug|do did done|draw drew drawn|drink drank drunk|drive drove driven|' +
	'eat ate eaten|fall fell fallen|feel felt|fight fought|find found|flee fled|fly flew flown|' +
	'forbid forbade forbidden|forecast|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|' +
	'get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had|hear heard|' +
	'hide hid hidden|hit|hold held|hurt|keep kept|know knew known|lay laid|lead led|lean leant|leave left|' +
	'lend lent|let|lie lain|light lit|lose lost|make made|mean meant|meet met|mislead misled|overcome overcame|' +
	'oversee oversaw overseen|overtake overtook overtaken|overthrow overthrew overthrown|pay paid|prove proven|put|' +
	'quit|read|rebuild rebuilt|rid|ride rode ridden|ring rang rung|rise rose risen|run ran|say said|see saw seen|' +
	'seek sought|sell sold|send sent|set|shake shook shaken|shed|shine shone|shoot shot|show shown|shrink shrank shrunk|' +
	'shut|sing sang sung|sink sank sunk|sit sat|sleep slept|slide slid|speak spoke spoken|spend spent|spin spun|' +
	'spread|spring sprang sprung|stand stood|steal stole stolen|stick stuck|sting stung|strike struck stricken|' +
	'strive strove striven|swear swore sworn|sweep swept|swim swam swum|swing swung|take took taken|teach taught|' +
	'tear tore torn|tell told|think thought|throw threw thrown|undergo underwent undergone|understand understood|' +
	'undertake undertook undertaken|uphold upheld|upset|wake woke woken|wear wore worn|weep wept|win won|' +
	'withdraw withdrew withdrawn|withhold withheld|write wrote written|' +
	'person people|man men|woman women|child children|mouse mice|foot feet|tooth teeth';

/** The base form of an irregular inflection ("spoken" → "speak"), or undefined for any other word. */
export const BASE_FORM: ReadonlyMap<string, string> = new Map(
	FORMS.split('|').flatMap((group) => {
		const [base = '', ...forms] = group.split(' ');
		return forms.map((form): [string, string] => [form, base]);
	}),
);
