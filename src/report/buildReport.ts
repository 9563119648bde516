import type { AnswerActivity, LooseVote } from '../state/AnswerStore.ts';

export interface QuestionCount {
	readonly question: string;
	readonly count: number;
}

export interface Report {
	readonly since: string;
	readonly questions: number;
	/** Shares of the questions asked, 0–1. */
	readonly answered: number;
	/** Answers shown as the closest the articles come (kind 'uncertain'). */
	readonly middleBand: number;
	readonly notCovered: number;
	readonly votes: readonly { readonly question: string; readonly up: number; readonly down: number }[];
	/** Votes imported from the old feedback file, which have no stored answer. */
	readonly importedVotes: { readonly up: number; readonly down: number };
	readonly mostCited: readonly { readonly file: string; readonly title: string; readonly citations: number }[];
	/** Questions the articles did not cover, most often asked first: what the corpus is missing. */
	readonly mostRefused: readonly QuestionCount[];
}

const LISTED = 10;

/** What the team asked since a time: how it was answered, how answers were rated, what was cited and what was missing. */
export function buildReport(since: Date, answers: readonly AnswerActivity[], looseVotes: readonly LooseVote[]): Report {
	const share = (kind: AnswerActivity['kind']): number =>
		answers.length === 0 ? 0 : answers.filter((answer) => answer.kind === kind).length / answers.length;
	const cited = new Map<string, { file: string; title: string; citations: number }>();
	for (const answer of answers) {
		answer.citedFiles.forEach((file, index) => {
			const entry = cited.get(file) ?? { file, title: answer.citedTitles[index] ?? file, citations: 0 };
			cited.set(file, { ...entry, citations: entry.citations + 1 });
		});
	}
	const refused = new Map<string, QuestionCount>();
	for (const answer of answers.filter(({ kind }) => kind === 'not_covered')) {
		const key = answer.question.toLowerCase().replace(/\s+/g, ' ').trim();
		refused.set(key, {
			question: refused.get(key)?.question ?? answer.question,
			count: (refused.get(key)?.count ?? 0) + 1,
		});
	}
	return {
		since: since.toISOString(),
		questions: answers.length,
		answered: share('answered'),
		middleBand: share('uncertain'),
		notCovered: share('not_covered'),
		votes: answers.filter(({ up, down }) => up + down > 0).map(({ question, up, down }) => ({ question, up, down })),
		importedVotes: {
			up: looseVotes.filter(({ verdict }) => verdict === 'up').length,
			down: looseVotes.filter(({ verdict }) => verdict === 'down').length,
		},
		mostCited: [...cited.values()].sort((a, b) => b.citations - a.citations).slice(0, LISTED),
		mostRefused: [...refused.values()].sort((a, b) => b.count - a.count).slice(0, LISTED),
	};
}

/** The report as Markdown for a terminal. */
export function formatReport(report: Report): string {
	const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
	const lines = [
		`# What the team asked since ${report.since.slice(0, 10)}`,
		'',
		`Questions asked: ${report.questions}`,
		`- answered: ${percent(report.answered)}`,
		`- middle band (the closest the articles come): ${percent(report.middleBand)}`,
		`- not covered: ${percent(report.notCovered)}`,
		'',
		'## 👍/👎 per answer',
		'',
	];
	if (report.votes.length === 0) lines.push('No votes.');
	else {
		lines.push('| 👍 | 👎 | question |', '|----|----|----------|');
		for (const { up, down, question } of report.votes) lines.push(`| ${up} | ${down} | ${cell(question)} |`);
	}
	const { up, down } = report.importedVotes;
	if (up + down > 0) lines.push('', `Imported from the old feedback file: ${up} 👍, ${down} 👎.`);
	lines.push('', '## Most-cited articles', '');
	if (report.mostCited.length === 0) lines.push('No citations.');
	else {
		lines.push('| citations | article |', '|-----------|---------|');
		for (const { citations, title, file } of report.mostCited)
			lines.push(`| ${citations} | ${cell(title)} (${cell(file)}) |`);
	}
	lines.push('', '## Most often refused questions (what the corpus is missing)', '');
	if (report.mostRefused.length === 0) lines.push('None.');
	else {
		lines.push('| times | question |', '|-------|----------|');
		for (const { count, question } of report.mostRefused) lines.push(`| ${count} | ${cell(question)} |`);
	}
	return lines.join('\n');
}

function cell(text: string): string {
	return text.replace(/\s+/g, ' ').replaceAll('|', '\\|');
}
