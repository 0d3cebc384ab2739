#!/usr/bin/env node
/**
 * serve: `npm start`'s static server. Serves the built site in dist/ (next to
 * this cli/ folder) on http://localhost:4321/.
 *
 * Environment: PORT overrides the port (0 picks a free one); HOST overrides
 * the bind address, 127.0.0.1 by default so the course is not exposed to the
 * network unless asked. Prints exactly one line when ready; exits 0 on SIGINT
 * or SIGTERM, and 1 with a reason when dist/ is missing or the port is taken.
 */
import { fileURLToPath } from 'node:url';
import { MissingRootError, startServer } from './serve-handler.mjs';

const root = fileURLToPath(new URL('../dist/', import.meta.url));

function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`kube-internals: PORT must be an integer from 0 to 65535, got ${JSON.stringify(value)}.`);
    process.exit(1);
  }
  return port;
}

const port = parsePort(process.env.PORT ?? '4321');
const host = process.env.HOST || '127.0.0.1';

let running;
try {
  running = await startServer({ root, port, host });
} catch (error) {
  if (error instanceof MissingRootError) {
    console.error(error.message);
  } else if (error.code === 'EADDRINUSE') {
    console.error(`kube-internals: port ${port} on ${host} is already in use; set PORT to another port.`);
  } else {
    console.error(`kube-internals: cannot start the server: ${error.message}`);
  }
  process.exit(1);
}

console.log(`kube-internals is being served at ${running.url}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    running.close().then(() => process.exit(0));
  });
}
