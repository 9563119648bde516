import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names a process in lease, claim and reader rows: host and pid for the operator, a random part to be unique. */
export function holderId(role: string): string {
	return `${role}@${hostname()}~${process.pid}~${randomBytes(4).toString('hex')}`;
}
