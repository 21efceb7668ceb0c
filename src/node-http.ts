// Node's HTTP clients, loaded on first use: a walk of a bundle, a scan and the first frame
// never send a request, and node:https brings node:tls and node:http with it (a few
// milliseconds of module compiling at the start of every command that imported them).
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const nodeHttp = (): typeof import('node:http') => load('node:http') as typeof import('node:http');
export const nodeHttps = (): typeof import('node:https') => load('node:https') as typeof import('node:https');
