/** Two reports of one story a year apart, from two publishers; only the newer names its author and URL. */
export const OLDER_FARES = [
	'---',
	'title: Ferry fares rise',
	'date: 2024-01-10',
	'publisher: Island Gazette',
	'---',
	'',
	'Ferry fares to the island rose to four pounds on Monday, the ferry operator said.',
	'',
	'The harbour master said the new timetable starts in March.',
].join('\n');

export const NEWER_FARES = [
	'---',
	'title: Ferry fares rise again',
	'date: 2025-02-03',
	'publisher: Coast Herald',
	'url: https://coastherald.example/news/ferry-fares',
	'author: Jane Doe',
	'---',
	'',
	'Ferry fares to the island rose to five pounds on Tuesday, the ferry operator said.',
	'',
	'Islanders said they would petition the council about the cost of the crossing.',
].join('\n');

/** Both reports answer it: the older with four pounds, the newer with five. */
export const FARES_QUESTION = 'How much did ferry fares to the island rise to?';
