import { describe, expect, it } from 'vitest';
import { AcknowledgementGate } from '../../src/discord/AcknowledgementGate.ts';

describe('AcknowledgementGate', () => {
	it('opens once every received interaction has had its callback answered', async () => {
		const gate = new AcknowledgementGate();
		gate.received('1');
		gate.received('2');
		let open = false;
		const waiting = gate.clear(10_000).then(() => (open = true));
		gate.settled('/interactions/1/token-a/callback');
		gate.settled('/webhooks/9/token-b/messages/@original');
		await Promise.resolve();
		expect(open).toBe(false);
		gate.settled('2');
		await waiting;
		expect(open).toBe(true);
	});

	it('stops waiting after the maximum wait', async () => {
		const gate = new AcknowledgementGate();
		gate.received('1');
		const started = performance.now();
		await gate.clear(20);
		expect(performance.now() - started).toBeGreaterThanOrEqual(15);
	});
});
