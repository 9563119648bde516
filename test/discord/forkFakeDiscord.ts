import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { APIAttachment, APIInteraction, APIMessage } from 'discord.js';
import { attachmentObject, DiscordTraffic, snowflake, type RecordedRequest } from './fakeDiscord.ts';

const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const CHILD = new URL('./fakeDiscordProcess.ts', import.meta.url);

export type ToFake =
	| { readonly type: 'interact'; readonly interaction: unknown }
	| { readonly type: 'message'; readonly message: unknown }
	| {
			readonly type: 'attach';
			readonly id: string;
			readonly name: string;
			readonly base64: string;
			readonly contentType?: string;
	  }
	| { readonly type: 'close' };

export type FromFake =
	| { readonly type: 'ready'; readonly apiBase: string }
	| { readonly type: 'request'; readonly request: Omit<RecordedRequest, 'query'> & { readonly query: string } }
	| { readonly type: 'dispatched'; readonly id: string; readonly at: number }
	| { readonly type: 'identify'; readonly identify: Record<string, unknown> }
	| { readonly type: 'sockets'; readonly count: number };

/**
 * FakeDiscord in a child process: its timestamps (when an interaction was sent, when each request arrived) come from
 * a clock and an event loop the bot under test cannot hold up, as with the real Discord.
 */
export class ForkedFakeDiscord extends DiscordTraffic {
	public connectedSockets = 0;
	readonly #dispatchedAt = new Map<string, number>();

	private constructor(
		private readonly child: ChildProcess,
		public readonly apiBase: string,
	) {
		super();
		child.on('message', (message: FromFake) => this.#receive(message));
	}

	public static async start(): Promise<ForkedFakeDiscord> {
		const child = fork(CHILD, [], {
			execArgv: ['--import', TSX_LOADER],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const [ready] = (await once(child, 'message')) as [FromFake];
		if (ready.type !== 'ready') throw new Error(`fake Discord sent ${ready.type} before ready`);
		return new ForkedFakeDiscord(child, ready.apiBase);
	}

	/** Sends INTERACTION_CREATE over the gateway, as Discord does when a user invokes the bot. */
	public interact<T extends APIInteraction>(interaction: T): T {
		this.child.send({ type: 'interact', interaction } satisfies ToFake);
		return interaction;
	}

	/** Sends MESSAGE_CREATE over the gateway, as Discord does when someone posts in a channel the bot can see. */
	public postMessage(message: APIMessage): APIMessage {
		this.child.send({ type: 'message', message } satisfies ToFake);
		return message;
	}

	/** Serves a file as an uploaded attachment from the fake's loopback server; see FakeDiscord.attach. */
	public attach(name: string, bytes: Buffer, contentType?: string): APIAttachment {
		const id = snowflake();
		const base64 = bytes.toString('base64');
		this.child.send({
			type: 'attach',
			id,
			name,
			base64,
			...(contentType === undefined ? {} : { contentType }),
		} satisfies ToFake);
		return attachmentObject(new URL(this.apiBase).origin, id, name, bytes.length, contentType);
	}

	public override dispatchedAt(interactionId: string): number {
		const at = this.#dispatchedAt.get(interactionId);
		if (at === undefined) throw new Error(`interaction ${interactionId} was never dispatched`);
		return at;
	}

	public async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = once(this.child, 'exit');
		this.child.send({ type: 'close' } satisfies ToFake);
		await exited;
	}

	#receive(message: FromFake): void {
		if (message.type === 'request') {
			this.emit('request', { ...message.request, query: new URLSearchParams(message.request.query) });
		} else if (message.type === 'dispatched') {
			this.#dispatchedAt.set(message.id, message.at);
		} else if (message.type === 'identify') {
			this.emit('identify', message.identify);
		} else if (message.type === 'sockets') {
			this.connectedSockets = message.count;
			this.emit('sockets', message.count);
		}
	}
}
