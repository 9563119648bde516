import { MAX_CUSTOM_ID } from './limits.ts';

const SEPARATOR = ':';

/** A button's custom_id, routed by its first part: the name of the command that owns the button. */
export interface CustomId {
	readonly command: string;
	readonly action: string;
	readonly argument: string;
}

export function encodeCustomId({ command, action, argument }: CustomId): string {
	const id = [command, action, argument].join(SEPARATOR);
	if (id.length > MAX_CUSTOM_ID) throw new RangeError(`custom_id longer than ${MAX_CUSTOM_ID}: ${id}`);
	return id;
}

export function parseCustomId(id: string): CustomId {
	const [command = '', action = '', ...rest] = id.split(SEPARATOR);
	return { command, action, argument: rest.join(SEPARATOR) };
}
