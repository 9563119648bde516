import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (response: ServerResponse, origin: string) => void;

export interface LoopbackSite {
	readonly origin: string;
	/** Headers of each request, in order, with its path. */
	readonly requests: { readonly path: string; readonly headers: IncomingHttpHeaders }[];
	close(): Promise<void>;
}

/** A web site on 127.0.0.1 with the given routes (404 elsewhere): what fetch tests reach instead of the internet. */
export async function startLoopbackSite(routes: Readonly<Record<string, Route>>): Promise<LoopbackSite> {
	const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
	let origin = '';
	const server = createServer((request, response) => {
		const path = request.url ?? '/';
		requests.push({ path, headers: request.headers });
		const route = routes[path];
		if (route === undefined) {
			response.writeHead(404).end('not here');
			return;
		}
		route(response, origin);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export function html(body: string): Route {
	return (response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

export function redirect(location: (origin: string) => string, status = 302): Route {
	return (response, origin) => response.writeHead(status, { location: location(origin) }).end();
}
