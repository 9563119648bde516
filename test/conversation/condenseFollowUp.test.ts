import { describe, expect, it } from 'vitest';
import { KeyTermCondenser } from '../../src/conversation/condenseFollowUp.ts';

describe('KeyTermCondenser', () => {
	it('carries the earlier question’s content words that the follow-up leaves out, weighed lower, and its names', async () => {
		const condensed = await new KeyTermCondenser(0.25).condense('And what did Beijing say?', [
			'What did Trump press Xi to curb on fentanyl?',
		]);
		expect(condensed.question).toBe('And what did Beijing say?');
		expect(condensed.context).toEqual({
			text: 'Trump press Xi curb fentanyl',
			weight: 0.25,
			names: ['Trump', 'Xi'],
		});
	});

	it('carries the two latest earlier questions only, the most recent first, each in its word order', async () => {
		const condensed = await new KeyTermCondenser().condense('Why?', [
			'Who is Guo Wengui?',
			'What did hackers steal from his lawyer?',
			'Where was it posted?',
		]);
		expect(condensed.context?.text).toBe('posted hackers steal lawyer');
	});

	it('adds nothing to a first question or to one that already names everything', async () => {
		const condenser = new KeyTermCondenser();
		expect(await condenser.condense('What is CFIUS?', [])).toEqual({ question: 'What is CFIUS?' });
		expect(await condenser.condense('What stance has CFIUS taken?', ['What is CFIUS?'])).toEqual({
			question: 'What stance has CFIUS taken?',
		});
	});
});
