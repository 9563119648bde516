import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
	ChannelType,
	GatewayDispatchEvents,
	GatewayOpcodes,
	MessageType,
	SnowflakeUtil,
	type APIAttachment,
	type APIInteraction,
	type MessageFlags,
	type APIMessage,
	type APIUser,
} from 'discord.js';

export const APP_ID = '1100000000000000001';
export const GUILD_ID = '1100000000000000002';
export const CHANNEL_ID = '1100000000000000003';
export const TOKEN = 'fake-bot-token';
/** A guild on the other shard than GUILD_ID when the bot runs two shards: (id >> 22) % 2 differs. */
export const SECOND_GUILD_ID = '1100000000020971520';

/** The shard a guild belongs to, by Discord's formula. */
export function shardOf(guildId: string, shardCount: number): number {
	return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export const BOT_USER: APIUser = {
	id: APP_ID,
	username: 'Footnote',
	discriminator: '0000',
	global_name: null,
	avatar: null,
	bot: true,
};
const API_PREFIX = '/api/v10';
const HEARTBEAT_INTERVAL_MS = 41_250;

export interface RecordedRequest {
	readonly method: string;
	/** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
	readonly path: string;
	readonly query: URLSearchParams;
	readonly body: Record<string, unknown> | undefined;
	readonly authorization: string | undefined;
	/** performance.now() when the request arrived. */
	readonly at: number;
}

const MAX_CONTENT = 2_000;
const INVALID_CONTENT = {
	message: 'Invalid Form Body',
	code: 50035,
	errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
};

/** Where the fake serves an uploaded file, as Discord's CDN does. */
export function attachmentPath(id: string, name: string): string {
	return `/attachments/${CHANNEL_ID}/${id}/${encodeURIComponent(name)}`;
}

/** The attachment object Discord puts in an interaction for a file served at `origin`. */
export function attachmentObject(
	origin: string,
	id: string,
	name: string,
	size: number,
	contentType?: string,
): APIAttachment {
	const url = `${origin}${attachmentPath(id, name)}`;
	return {
		id,
		filename: name,
		size,
		url,
		proxy_url: url,
		...(contentType === undefined ? {} : { content_type: contentType }),
	};
}

/** A fresh id whose embedded timestamp is `at` (default now), as Discord's ids are. */
export function snowflake(at: number = Date.now()): string {
	return String(SnowflakeUtil.generate({ timestamp: at }));
}

export function fakeMessage(fields: Partial<APIMessage> & { channel_id?: string }): APIMessage {
	return {
		id: snowflake(),
		channel_id: CHANNEL_ID,
		author: BOT_USER,
		content: '',
		timestamp: new Date().toISOString(),
		edited_timestamp: null,
		tts: false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: [],
		embeds: [],
		pinned: false,
		type: MessageType.Default,
		components: [],
		...fields,
	};
}

export type TrafficEvent = 'request' | 'identify' | 'sockets';

/** The requests a fake Discord received, and ways to wait for them; shared by the in-process and the forked fake. */
export abstract class DiscordTraffic {
	public readonly requests: RecordedRequest[] = [];
	public readonly identifies: Record<string, unknown>[] = [];
	readonly #events = new EventEmitter();

	protected constructor() {
		this.#events.setMaxListeners(0);
	}

	/** When (on the fake's clock, like `RecordedRequest.at`) an interaction was sent to the bot. */
	public abstract dispatchedAt(interactionId: string): number;

	public on(event: 'request', listener: (request: RecordedRequest) => void): void;
	public on(event: 'identify', listener: (identify: Record<string, unknown>) => void): void;
	public on(event: 'sockets', listener: (count: number) => void): void;
	public on(event: TrafficEvent, listener: (value: never) => void): void {
		this.#events.on(event, listener as (value: unknown) => void);
	}

	protected emit(event: TrafficEvent, value: unknown): void {
		if (event === 'request') this.requests.push(value as RecordedRequest);
		if (event === 'identify') this.identifies.push(value as Record<string, unknown>);
		this.#events.emit(event, value);
	}

	public async waitForRequest(
		predicate: (request: RecordedRequest) => boolean,
		timeoutMs = 15_000,
	): Promise<RecordedRequest> {
		const existing = this.requests.find(predicate);
		if (existing !== undefined) return existing;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#events.off('request', listener);
				reject(new Error('timed out waiting for a request'));
			}, timeoutMs);
			const listener = (request: RecordedRequest): void => {
				if (!predicate(request)) return;
				clearTimeout(timer);
				this.#events.off('request', listener);
				resolve(request);
			};
			this.#events.on('request', listener);
		});
	}

	/** The interaction callback (the acknowledgement) Discord received for an interaction. */
	public async callbackFor(interaction: APIInteraction, timeoutMs?: number): Promise<RecordedRequest> {
		return this.waitForRequest(
			(request) =>
				request.method === 'POST' && request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
			timeoutMs,
		);
	}

	/** The first edit of the deferred (original) response. */
	public async originalEditFor(interaction: APIInteraction, timeoutMs?: number): Promise<RecordedRequest> {
		return this.waitForRequest(
			(request) =>
				request.method === 'PATCH' && request.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`,
			timeoutMs,
		);
	}

	public async followUpFor(interaction: APIInteraction, timeoutMs?: number): Promise<RecordedRequest> {
		return this.waitForRequest(
			(request) => request.method === 'POST' && request.path === `/webhooks/${APP_ID}/${interaction.token}`,
			timeoutMs,
		);
	}

	public requestsFor(interaction: APIInteraction): RecordedRequest[] {
		return this.requests.filter((request) => request.path.includes(`/${interaction.token}`));
	}
}

/**
 * A loopback stand-in for the parts of Discord's REST API and gateway the bot uses.
 * It records every request and answers the way Discord does, including refusing a second acknowledgement.
 */
export class FakeDiscord extends DiscordTraffic {
	readonly #server: Server;
	readonly #gateway: WebSocketServer;
	readonly #sockets = new Set<WebSocket>();
	/** [shard id, shard count] each connection identified with; [0, 1] for an unsharded bot. */
	readonly #shards = new Map<WebSocket, readonly [number, number]>();
	readonly #held: { readonly matches: (request: RecordedRequest) => boolean; readonly released: Promise<void> }[] = [];
	readonly #dispatchedAt = new Map<string, number>();
	readonly #acknowledged = new Set<string>();
	readonly #commandIds = new Map<string, string>();
	/** Threads opened on messages, by id; a thread started from a message has that message's id, as on Discord. */
	readonly #threads = new Map<string, Record<string, unknown>>();
	readonly #attachments = new Map<string, { readonly bytes: Buffer; readonly contentType?: string }>();
	/** Messages created in channels, oldest first; one sent again with the same enforced nonce is not created twice. */
	readonly #posted: APIMessage[] = [];
	#sequence = 0;

	private constructor(server: Server) {
		super();
		this.#server = server;
		this.#gateway = new WebSocketServer({ server });
		this.#gateway.on('connection', (socket) => this.#onConnection(socket));
		server.on(
			'request',
			(request: IncomingMessage, response: ServerResponse) => void this.#onRequest(request, response),
		);
	}

	public static async start(): Promise<FakeDiscord> {
		const server = createServer();
		const fake = new FakeDiscord(server);
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		return fake;
	}

	public get origin(): string {
		const { port } = this.#server.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	/** What DISCORD_API_BASE is set to. */
	public get apiBase(): string {
		return `${this.origin}/api`;
	}

	public get connectedSockets(): number {
		return this.#sockets.size;
	}

	public async close(): Promise<void> {
		for (const socket of this.#sockets) socket.terminate();
		this.#gateway.close();
		this.#server.closeAllConnections();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	/**
	 * Sends INTERACTION_CREATE over the gateway, as Discord does when a user invokes the bot: to the shard whose
	 * guild it comes from.
	 */
	public interact<T extends APIInteraction>(interaction: T): T {
		this.#dispatchedAt.set(interaction.id, performance.now());
		this.#dispatch(GatewayDispatchEvents.InteractionCreate, interaction, interaction.guild_id);
		return interaction;
	}

	/** Sends MESSAGE_CREATE over the gateway, as Discord does when someone posts in a channel the bot can see. */
	public postMessage(message: APIMessage): APIMessage {
		const guildId = (message as { guild_id?: string }).guild_id ?? GUILD_ID;
		this.#dispatch(GatewayDispatchEvents.MessageCreate, { guild_id: guildId, ...message }, guildId);
		return message;
	}

	/** The [shard id, shard count] of every identified connection. */
	public get identifiedShards(): (readonly [number, number])[] {
		return [...this.#shards.values()];
	}

	public override dispatchedAt(interactionId: string): number {
		const at = this.#dispatchedAt.get(interactionId);
		if (at === undefined) throw new Error(`interaction ${interactionId} was never dispatched`);
		return at;
	}

	/** Serves a file as an uploaded attachment (from this loopback server) and returns what an interaction carries. */
	public attach(name: string, bytes: Buffer, contentType?: string, id: string = snowflake()): APIAttachment {
		this.#attachments.set(attachmentPath(id, name), { bytes, ...(contentType === undefined ? {} : { contentType }) });
		return attachmentObject(this.origin, id, name, bytes.length, contentType);
	}

	/** The messages the bot created in a channel or thread (not counting a resend Discord deduplicated by its nonce). */
	public messagesCreatedIn(channelId: string): APIMessage[] {
		return this.#posted.filter((message) => message.channel_id === channelId);
	}

	/** Until the returned function is called, requests that match are recorded but not answered. */
	public holdResponses(matches: (request: RecordedRequest) => boolean): () => void {
		let release!: () => void;
		this.#held.push({ matches, released: new Promise<void>((resolve) => (release = resolve)) });
		return () => release();
	}

	/** Sends an event to every connection, or with `guildId` only to the shards that guild belongs to. */
	#dispatch(event: GatewayDispatchEvents, data: unknown, guildId?: string, to?: WebSocket): void {
		this.#sequence += 1;
		const frame = JSON.stringify({ op: GatewayOpcodes.Dispatch, s: this.#sequence, t: event, d: data });
		for (const socket of to ? [to] : this.#sockets) {
			const [shard, count] = this.#shards.get(socket) ?? [0, 1];
			if (guildId === undefined || shardOf(guildId, count) === shard) socket.send(frame);
		}
	}

	#onConnection(socket: WebSocket): void {
		this.#sockets.add(socket);
		this.emit('sockets', this.#sockets.size);
		socket.on('close', () => {
			this.#sockets.delete(socket);
			this.#shards.delete(socket);
			this.emit('sockets', this.#sockets.size);
		});
		socket.send(
			JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null }),
		);
		socket.on('message', (raw) => {
			const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
			if (frame.op === GatewayOpcodes.Heartbeat) socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
			if (frame.op === GatewayOpcodes.Identify) this.#onIdentify(frame.d, socket);
		});
	}

	#onIdentify(identify: Record<string, unknown>, socket: WebSocket): void {
		this.emit('identify', identify);
		const [shard, count] = Array.isArray(identify['shard']) ? (identify['shard'] as [number, number]) : [0, 1];
		this.#shards.set(socket, [shard, count]);
		// A sharded bot also sees a second guild, on the other shard; an unsharded one sees GUILD_ID alone.
		const guilds = (count > 1 ? [GUILD_ID, SECOND_GUILD_ID] : [GUILD_ID]).filter((id) => shardOf(id, count) === shard);
		const wsUrl = this.origin.replace('http', 'ws');
		// With one shard, every connection gets the same events (a restarted bot reconnects beside the old socket).
		const to = count > 1 ? socket : undefined;
		this.#dispatch(
			GatewayDispatchEvents.Ready,
			{
				v: 10,
				user: BOT_USER,
				guilds: guilds.map((id) => ({ id, unavailable: true })),
				session_id: 'fake-session',
				resume_gateway_url: wsUrl,
				shard: [shard, count],
				application: { id: APP_ID, flags: 0 },
			},
			undefined,
			to,
		);
		for (const id of guilds) {
			const threads = [...this.#threads.values()].filter((thread) => (thread['guild_id'] ?? GUILD_ID) === id);
			this.#dispatch(GatewayDispatchEvents.GuildCreate, { ...fakeGuild(id), threads }, undefined, to);
		}
	}

	async #onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const at = performance.now();
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const url = new URL(request.url ?? '/', this.origin);
		const text = Buffer.concat(chunks).toString('utf8');
		const pathname = decodeURIComponent(url.pathname);
		const recorded: RecordedRequest = {
			method: request.method ?? 'GET',
			path: pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname,
			query: url.searchParams,
			body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
			authorization: request.headers.authorization,
			at,
		};
		this.emit('request', recorded);
		for (const hold of this.#held) if (hold.matches(recorded)) await hold.released;
		const attachment = request.method === 'GET' ? this.#attachments.get(url.pathname) : undefined;
		if (attachment !== undefined) {
			response.writeHead(200, {
				'content-type': attachment.contentType ?? 'application/octet-stream',
				'content-length': attachment.bytes.length,
			});
			response.end(attachment.bytes);
			return;
		}
		const [status, body] = this.#answer(recorded);
		response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
		response.end(body === undefined ? undefined : JSON.stringify(body));
	}

	#answer({ method, path, body, authorization }: RecordedRequest): [number, unknown] {
		const route = `${method} ${path}`;
		const message = (body !== undefined && 'data' in body ? body['data'] : body) as Record<string, unknown> | undefined;
		if (typeof message?.['content'] === 'string' && message['content'].length > MAX_CONTENT) {
			return [400, INVALID_CONTENT];
		}
		if (route === 'GET /gateway/bot') {
			if (authorization !== `Bot ${TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];
			return [
				200,
				{
					url: this.origin.replace('http', 'ws'),
					shards: 1,
					session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
				},
			];
		}
		if (route === 'GET /users/@me') return [200, BOT_USER];

		const callback = /^POST \/interactions\/(\d+)\/[^/]+\/callback$/.exec(route);
		if (callback) {
			const id = callback[1]!;
			if (this.#acknowledged.has(id)) {
				return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
			}
			this.#acknowledged.add(id);
			return [204, undefined];
		}

		const webhook = /^(PATCH|POST|DELETE) \/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(route);
		if (webhook) {
			if (webhook[1] === 'DELETE') return [204, undefined];
			return [200, fakeMessage({ ...pickMessage(body), webhook_id: APP_ID })];
		}

		const thread = /^POST \/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(route);
		if (thread) {
			if (this.#threads.has(thread[2]!)) {
				return [400, { message: 'A thread has already been created for this message', code: 160004 }];
			}
			const created = fakeThread(thread[2]!, thread[1]!, String(body?.['name'] ?? ''));
			this.#threads.set(thread[2]!, created);
			this.#dispatch(
				GatewayDispatchEvents.ThreadCreate,
				{ ...created, newly_created: true },
				String(created['guild_id'] ?? GUILD_ID),
			);
			return [201, created];
		}

		if (/^POST \/channels\/\d+\/typing$/.test(route)) return [204, undefined];

		const channelPost = /^POST \/channels\/(\d+)\/messages$/.exec(route);
		if (channelPost) {
			// As on Discord, a message with an enforced nonce its author already used returns the first one, not a copy.
			const nonce = body?.['enforce_nonce'] === true ? body['nonce'] : undefined;
			const earlier = nonce === undefined ? undefined : this.#posted.find((message) => message.nonce === nonce);
			if (earlier !== undefined) return [200, earlier];
			const created = fakeMessage({
				...pickMessage(body),
				channel_id: channelPost[1]!,
				...(typeof nonce === 'string' ? { nonce } : {}),
			});
			this.#posted.push(created);
			return [200, created];
		}

		const commands = /^PUT (\/applications\/\d+(?:\/guilds\/\d+)?\/commands)$/.exec(route);
		if (commands) {
			if (authorization !== `Bot ${TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];
			const list = (body as unknown as Record<string, unknown>[]).map((command) => ({
				...command,
				id: this.#commandId(`${commands[1]}:${String(command['type'] ?? 1)}:${String(command['name'])}`),
				application_id: APP_ID,
				version: '1',
			}));
			return [200, list];
		}
		return [404, { message: '404: Not Found', code: 0 }];
	}

	#commandId(key: string): string {
		const existing = this.#commandIds.get(key);
		if (existing !== undefined) return existing;
		const id = snowflake();
		this.#commandIds.set(key, id);
		return id;
	}
}

function pickMessage(body: Record<string, unknown> | undefined): Partial<APIMessage> {
	return {
		content: typeof body?.['content'] === 'string' ? body['content'] : '',
		embeds: (body?.['embeds'] ?? []) as APIMessage['embeds'],
		components: (body?.['components'] ?? []) as APIMessage['components'],
		flags: Number(body?.['flags'] ?? 0) as MessageFlags,
	};
}

/** A public thread of the guild's channel, as Discord returns and dispatches it. */
function fakeThread(id: string, parentId: string, name: string): Record<string, unknown> {
	return {
		id,
		type: ChannelType.PublicThread,
		guild_id: GUILD_ID,
		parent_id: parentId,
		owner_id: APP_ID,
		name,
		last_message_id: null,
		rate_limit_per_user: 0,
		message_count: 0,
		member_count: 1,
		total_message_sent: 0,
		flags: 0,
		thread_metadata: {
			archived: false,
			auto_archive_duration: 1440,
			archive_timestamp: new Date().toISOString(),
			locked: false,
		},
	};
}

/** A GUILD_CREATE payload: the guild with its channels and roles. */
/** A guild as GUILD_CREATE sends it; its @everyone role shares its id, as Discord's does. */
function fakeGuild(id: string = GUILD_ID): Record<string, unknown> {
	return {
		id: id,
		name: 'Newsroom',
		icon: null,
		splash: null,
		discovery_splash: null,
		owner_id: '1100000000000000009',
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: 0,
		default_message_notifications: 0,
		explicit_content_filter: 0,
		roles: [
			{
				id: id,
				name: '@everyone',
				color: 0,
				colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
				hoist: false,
				icon: null,
				unicode_emoji: null,
				position: 0,
				permissions: '104324673',
				managed: false,
				mentionable: false,
				flags: 0,
			},
		],
		emojis: [],
		features: [],
		mfa_level: 0,
		application_id: null,
		system_channel_id: null,
		system_channel_flags: 0,
		rules_channel_id: null,
		vanity_url_code: null,
		description: null,
		banner: null,
		premium_tier: 0,
		preferred_locale: 'en-US',
		public_updates_channel_id: null,
		nsfw_level: 0,
		stickers: [],
		premium_progress_bar_enabled: false,
		hub_type: null,
		safety_alerts_channel_id: null,
		incidents_data: null,
		region: 'us-west',
		joined_at: new Date().toISOString(),
		large: false,
		unavailable: false,
		member_count: 2,
		members: [],
		voice_states: [],
		presences: [],
		threads: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
		channels: [
			{
				id: CHANNEL_ID,
				type: ChannelType.GuildText,
				name: 'general',
				position: 0,
				permission_overwrites: [],
				guild_id: id,
			},
		],
	};
}
