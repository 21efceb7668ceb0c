// Loopback port numbers for tests: one that refuses connections for as long as the test
// needs it, and one that is free for a server the test starts itself.
import net from 'node:net';

export interface ClosedPort {
  port: number;
  /** Let the port go. */
  close(): void;
}

/**
 * A port that refuses every connection until `close()`. Binding a port and releasing it
 * (what this used to do) leaves the number free for any other test to take, and then it
 * answers. Here a listener takes the port, one connection to it is kept open, and the
 * listener closes: the open connection keeps the number bound, so no one else gets it,
 * and with nothing listening every new connection is refused.
 */
export async function closedPort(): Promise<ClosedPort> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  const holder = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => holder.once('connect', resolve).once('error', reject));
  const held = await accepted;
  // close() stops listening at once; its callback would wait for the held connection to end.
  listener.close();
  await new Promise((resolve) => setImmediate(resolve));
  for (const socket of [holder, held]) socket.on('error', () => {}).unref();
  return {
    port,
    close: () => {
      held.destroy();
      holder.destroy();
    },
  };
}

/**
 * A port nothing listens on right now, for a server the test starts (Prometheus, PostgreSQL,
 * Redis). It is free, not held: use it for a listener, never as a port that must refuse.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
