import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
	readonly model: string;
	readonly messages: readonly { readonly role: string; readonly content: string }[];
	readonly response_format?: unknown;
}

export interface SeenRequest {
	readonly at: number;
	readonly path: string | undefined;
	readonly authorization: string | undefined;
	readonly body: ChatRequest;
}

/** One scripted reply: an HTTP response, or a connection held open with no answer. */
export type Reply =
	| {
			readonly status?: number;
			readonly headers?: Readonly<Record<string, string>>;
			readonly body: string;
			/** Thinks this long before answering. */
			readonly delayMs?: number;
	  }
	| 'hang';

export type Script = Reply | ((request: SeenRequest) => Reply);

/** An OpenAI chat completion whose message content is `content`. */
export function completion(content: string): Reply {
	return {
		body: JSON.stringify({
			id: 'chatcmpl-test',
			object: 'chat.completion',
			created: 0,
			model: 'test-model',
			choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		}),
	};
}

/** A reply in the shape the reader's schema asks for. */
export function readerReply(reply: { answerable: boolean; sentence_ids: number[]; summary: string[] }): Reply {
	return completion(JSON.stringify(reply));
}

/** The sentences the model was shown, by id, parsed from the prompt's `[id] text` lines. */
export function promptSentences(request: SeenRequest): Map<number, string> {
	const prompt = request.body.messages.map((message) => message.content).join('\n');
	return new Map([...prompt.matchAll(/^\[(\d+)\] (.*)$/gmu)].map((match) => [Number(match[1]), match[2]!]));
}

/** The id under which the prompt shows the sentence containing `fragment`. */
export function idOf(request: SeenRequest, fragment: string): number {
	for (const [id, text] of promptSentences(request)) if (text.includes(fragment)) return id;
	throw new Error(`no sentence in the prompt contains "${fragment}"`);
}

/**
 * A loopback OpenAI-compatible chat server: each request takes the next scripted reply (the last one repeats).
 * Held connections are cut on `close`.
 */
export class FakeLlmServer {
	public readonly requests: SeenRequest[] = [];
	private scripts: Script[] = [];

	private constructor(
		private readonly server: Server,
		public readonly baseUrl: string,
	) {}

	public static async start(): Promise<FakeLlmServer> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const fake = new FakeLlmServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
		server.on('request', (request: IncomingMessage, response: ServerResponse) => fake.handle(request, response));
		return fake;
	}

	/** Replaces the script and forgets earlier requests. */
	public script(...scripts: Script[]): void {
		this.scripts = scripts;
		this.requests.length = 0;
	}

	public async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(request: IncomingMessage, response: ServerResponse): void {
		let raw = '';
		request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
		request.on('end', () => {
			const seen: SeenRequest = {
				at: performance.now(),
				path: request.url,
				authorization: request.headers.authorization,
				body: JSON.parse(raw) as ChatRequest,
			};
			this.requests.push(seen);
			const script = this.scripts.length > 1 ? this.scripts.shift() : this.scripts[0];
			const reply = typeof script === 'function' ? script(seen) : (script ?? completion('{}'));
			if (reply === 'hang') return;
			setTimeout(() => {
				response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
				response.end(reply.body);
			}, reply.delayMs ?? 0);
		});
	}
}
