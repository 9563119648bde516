import { createHmac } from 'node:crypto';

const DERIVED_KEY_LABEL = 'footnote feedback user id';

/** The key user ids are hashed with: the configured salt, or else a secret derived from the bot token (never the token itself). */
export function userHashKey(salt: string | undefined, token: string): Buffer {
	return salt === undefined
		? createHmac('sha256', token).update(DERIVED_KEY_LABEL).digest()
		: Buffer.from(salt, 'utf8');
}

/** HMAC-SHA256 of a user id: the only form in which users are stored. */
export function hashUser(key: Buffer, userId: string): string {
	return createHmac('sha256', key).update(userId).digest('hex');
}
