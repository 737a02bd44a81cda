/** Free TCP ports on 127.0.0.1, chosen by the kernel. */
import { createServer, type Server } from 'node:net';

/**
 * Reserves `count` distinct free ports on 127.0.0.1. All listeners stay open until every port is
 * known, so the kernel cannot hand the same port out twice within one call. Another process can
 * still take a port before our server binds it; the API server start retries that case.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          resolve();
        });
      });
      const address = server.address();
      if (address === null || typeof address === 'string')
        throw new Error('could not reserve a TCP port on 127.0.0.1');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) =>
            server.close(() => {
              resolve();
            }),
          ),
      ),
    );
  }
}
