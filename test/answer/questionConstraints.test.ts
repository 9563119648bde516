import { describe, expect, it } from 'vitest';
import { constraintsOf, satisfies } from '../../src/answer/questionConstraints.ts';

/** Whether the sentence could answer the question, read on its own (as its own passage). */
function canAnswer(question: string, sentence: string): boolean {
	return satisfies(constraintsOf(question), sentence, sentence);
}

describe('question constraints', () => {
	it('answers "how many X" only with a number that counts X', () => {
		const sentence = 'The drug contributed to 20,000 drug overdose deaths last year.';
		expect(canAnswer('How many overdose deaths did fentanyl contribute to?', sentence)).toBe(true);
		expect(canAnswer('How many fentanyl smugglers has China executed?', sentence)).toBe(false);
		expect(
			canAnswer('How many possible buyers were there?', 'He was negotiating with four different possible buyers.'),
		).toBe(true);
	});

	it('accepts any count when the question counts people in general', () => {
		expect(canAnswer('How many people died of overdoses?', 'The drug contributed to 20,000 deaths.')).toBe(true);
		expect(canAnswer('How many people died of overdoses?', 'The drug fuelled a deadly crisis.')).toBe(false);
	});

	it('answers "how much" only with an amount, not with any number word', () => {
		expect(canAnswer('By how much did investment increase?', 'Investment increased more than 900 percent.')).toBe(true);
		expect(canAnswer('How much will the bridge cost?', 'It will cost $40 million.')).toBe(true);
		expect(
			canAnswer('How much did Guo pay his lawyer?', "In one operation, hackers penetrated his lawyer's computer."),
		).toBe(false);
	});

	it('answers a question about a rate only with a percentage', () => {
		expect(canAnswer('What tariff rate did China put on soybeans?', 'China put levies on soybeans.')).toBe(false);
		expect(canAnswer('What tariff rate did China put on soybeans?', 'China put a 10% levy on soybeans.')).toBe(true);
	});

	it('answers "when" only with an expression of time', () => {
		expect(
			canAnswer('When did the first tariffs land?', 'They landed in the middle of the biggest annual holiday.'),
		).toBe(true);
		expect(canAnswer('When will the ministers meet?', 'Officials prefer a channel between the two ministers.')).toBe(
			false,
		);
		expect(canAnswer('When will the ministers meet?', 'The ministers will meet next week.')).toBe(true);
	});

	it('answers "who" and "which company" only with a name the question does not already hold', () => {
		expect(canAnswer('Who blocked the FBI?', 'The State Department intervened to block the FBI.')).toBe(true);
		expect(
			canAnswer(
				'Which four buyers was Trump negotiating with?',
				'Trump said Sunday he was negotiating with four buyers.',
			),
		).toBe(false);
		expect(canAnswer('Which Chinese companies were named?', 'Chinese companies were not named.')).toBe(false);
	});

	it('takes a name at the start of the sentence as an answer', () => {
		expect(canAnswer('Who called the relations fake?', 'Guo said China has sought “fake harmonious relations”.')).toBe(
			true,
		);
	});

	it('does not ask for a name when "which" asks for a thing', () => {
		expect(
			canAnswer('Which synthetic opioid did Trump want curbed?', 'Trump pressed Xi to curb exports of fentanyl.'),
		).toBe(true);
	});

	it('requires the numbers a question names to appear in the passage', () => {
		expect(
			satisfies(constraintsOf('Who won the 2024 election?'), 'Lai Ching-te won.', 'In 2020, Lai Ching-te won.'),
		).toBe(false);
		expect(
			satisfies(constraintsOf('Who won the 2024 election?'), 'Lai Ching-te won.', 'In 2024, Lai Ching-te won.'),
		).toBe(true);
	});
});
