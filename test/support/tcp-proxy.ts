import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a server that can go silent: while frozen it
 * forwards nothing either way and accepts new connections without answering,
 * as a peer does that vanished without a reset (a failover, lost NAT state).
 * Nothing is closed, so only the client's own timeouts notice.
 */
export interface FreezableProxy {
  port: number;
  /** Connections open through the relay. */
  readonly open: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  // Bytes that arrived while frozen, delivered in order on thaw (to connections still open).
  let held: [Socket, Buffer][] = [];
  const relay = (to: Socket) => (d: Buffer) => {
    if (frozen) held.push([to, d]);
    else to.write(d);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', relay(upstream));
    upstream.on('data', relay(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    get open() {
      return pairs.size;
    },
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      const late = held;
      held = [];
      for (const [to, d] of late) if (!to.destroyed) to.write(d);
    },
    close() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
