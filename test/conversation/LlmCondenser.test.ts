import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSlots } from '../../src/answer/ModelSlots.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { KeyTermCondenser } from '../../src/conversation/condenseFollowUp.ts';
import { createCondenser } from '../../src/conversation/createCondenser.ts';
import { LlmCondenser } from '../../src/conversation/LlmCondenser.ts';
import { createChatModel } from '../../src/answer/createChatModel.ts';
import { captureLogger } from '../discord/captureLogger.ts';
import { completion, FakeLlmServer } from '../helpers/fakeLlmServer.ts';

const API_KEY = 'sk-condense-test-77b0';
const EARLIER = ['What demands has the Trump team sent China on fentanyl?'];
const FOLLOW_UP = 'And what did Beijing say?';
const STANDALONE = 'What did Beijing say about the demands the Trump team sent China on fentanyl?';

const { logger, lines } = captureLogger('debug');
let server: FakeLlmServer;
/** How many lines were logged before the latest `condense`. */
let before = 0;

beforeAll(async () => {
	server = await FakeLlmServer.start();
});
afterAll(() => server.close());

/** The condenser COMPOSER=llm configures, pointed at the fake server. */
function condense(question = FOLLOW_UP, earlier = EARLIER, { baseUrl = server.baseUrl, timeoutMs = '8000' } = {}) {
	before = lines.length;
	const config = loadEngineConfig({
		COMPOSER: 'llm',
		LLM_BASE_URL: baseUrl,
		LLM_MODEL: 'llama3.1:8b',
		LLM_API_KEY: API_KEY,
		LLM_TIMEOUT_MS: timeoutMs,
	});
	return createCondenser(config, logger).condense(question, earlier);
}

/** Why the latest `condense` fell back, as logged. */
const fellBack = () =>
	lines
		.slice(before)
		.filter((line) => line['msg'] === 'condense.fell_back')
		.map((line) => line['reason']);
const keyTerms = (question = FOLLOW_UP, earlier = EARLIER) => new KeyTermCondenser().condense(question, earlier);

describe('LlmCondenser against a loopback OpenAI-compatible server', () => {
	it('asks the model with the earlier questions and the follow-up, and searches for the standalone question it gives', async () => {
		server.script(completion(STANDALONE));
		expect(await condense()).toEqual({ question: STANDALONE });
		const [request] = server.requests;
		expect(request?.authorization).toBe(`Bearer ${API_KEY}`);
		const prompt = request?.body.messages.map((message) => message.content).join('\n') ?? '';
		expect(prompt).toContain(`1. ${EARLIER[0]}`);
		expect(prompt).toContain(`Follow-up: ${FOLLOW_UP}`);
		expect(fellBack()).toEqual([]);
	});

	it('takes the question out of a "Standalone question:" label and quotes', async () => {
		server.script(completion(`Standalone question: "${STANDALONE}"`));
		expect(await condense()).toEqual({ question: STANDALONE });
	});

	it('does not call the model for a question that starts a conversation', async () => {
		server.script(completion(STANDALONE));
		expect(await condense('What did Trump press Xi to curb?', [])).toEqual({
			question: 'What did Trump press Xi to curb?',
		});
		expect(server.requests).toHaveLength(0);
	});

	it.each([
		['empty', completion('   ')],
		['too_long', completion(`What did Beijing say ${'about the fentanyl talks and the tariffs '.repeat(10)}?`)],
		['too_long', completion(`${STANDALONE}\nI rewrote it by adding the topic of the first question.`)],
		['not_a_question', completion('Beijing said the US has not outlined the steps it expects on fentanyl.')],
		['off_topic', completion('What is the capital of France?')],
		['off_topic', completion('What demands has the Trump team sent China on fentanyl?')],
	])('falls back to the key-term rewrite on a reply that is %s, and logs why', async (reason, reply) => {
		server.script(reply);
		expect(await condense()).toEqual(await keyTerms());
		expect(fellBack()).toEqual([reason]);
	});

	it('falls back when the server keeps failing, after one retry', async () => {
		server.script({ status: 503, body: '{"error":{"message":"overloaded"}}' });
		expect(await condense()).toEqual(await keyTerms());
		expect(server.requests).toHaveLength(2);
		expect(fellBack()).toEqual(['server_error']);
	});

	it('falls back when the model hangs past its short timeout', async () => {
		server.script('hang');
		expect(await condense(FOLLOW_UP, EARLIER, { timeoutMs: '300' })).toEqual(await keyTerms());
		expect(fellBack()).toEqual(['timeout']);
	});

	it('falls back when the connection is refused', async () => {
		const closed = await FakeLlmServer.start();
		await closed.close();
		expect(await condense(FOLLOW_UP, EARLIER, { baseUrl: closed.baseUrl })).toEqual(await keyTerms());
		expect(fellBack()).toEqual(['unreachable']);
	});

	it('falls back without waiting when every model slot is taken', async () => {
		const reply = completion(STANDALONE);
		server.script(reply === 'hang' ? reply : { ...reply, delayMs: 500 });
		before = lines.length;
		const condenser = new LlmCondenser({
			model: createChatModel({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 5_000 }),
			fallback: new KeyTermCondenser(),
			logger,
			timeoutMs: 5_000,
			slots: new ModelSlots(1),
		});
		const [first, second] = await Promise.all([
			condenser.condense(FOLLOW_UP, EARLIER),
			condenser.condense(FOLLOW_UP, EARLIER),
		]);
		expect(first).toEqual({ question: STANDALONE });
		expect(second).toEqual(await keyTerms());
		expect(fellBack()).toEqual(['busy']);
		expect(server.requests).toHaveLength(1);
	});

	it('keeps the key-term rewrite with no language model configured', async () => {
		const condenser = createCondenser(loadEngineConfig({}), logger);
		expect(await condenser.condense(FOLLOW_UP, EARLIER)).toEqual(await keyTerms());
	});

	it('never logs the API key', () => {
		expect(lines.some((line) => line['msg'] === 'condense.fell_back')).toBe(true);
		expect(JSON.stringify(lines)).not.toContain(API_KEY);
	});
});
