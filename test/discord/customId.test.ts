import { describe, expect, it } from 'vitest';
import { encodeCustomId, parseCustomId } from '../../src/discord/customId.ts';

describe('custom ids', () => {
	it('round-trips command, action and an argument that contains the separator', () => {
		const id = encodeCustomId({ command: 'ask', action: 'up', argument: 'file.txt#3:x' });
		expect(parseCustomId(id)).toEqual({ command: 'ask', action: 'up', argument: 'file.txt#3:x' });
	});

	it('refuses ids longer than Discord allows', () => {
		expect(() => encodeCustomId({ command: 'ask', action: 'up', argument: 'x'.repeat(100) })).toThrow(RangeError);
	});
});
