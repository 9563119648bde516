// Runs FakeDiscord in a process of its own, so the times it records are those Discord would see, whatever the bot's
// event loop is doing. Driven over IPC by forkFakeDiscord.ts.
import type { APIInteraction, APIMessage } from 'discord.js';
import { FakeDiscord } from './fakeDiscord.ts';
import type { FromFake, ToFake } from './forkFakeDiscord.ts';

const fake = await FakeDiscord.start();
const send = (message: FromFake): void => void process.send?.(message);

fake.on('request', (request) => send({ type: 'request', request: { ...request, query: request.query.toString() } }));
fake.on('identify', (identify) => send({ type: 'identify', identify }));
fake.on('sockets', (count) => send({ type: 'sockets', count }));
process.on('message', (message: ToFake) => {
	if (message.type === 'interact') {
		const interaction = message.interaction as APIInteraction;
		fake.interact(interaction);
		send({ type: 'dispatched', id: interaction.id, at: fake.dispatchedAt(interaction.id) });
	} else if (message.type === 'message') {
		fake.postMessage(message.message as APIMessage);
	} else if (message.type === 'attach') {
		fake.attach(message.name, Buffer.from(message.base64, 'base64'), message.contentType, message.id);
	} else {
		void fake.close().then(() => process.exit(0));
	}
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', apiBase: fake.apiBase });
