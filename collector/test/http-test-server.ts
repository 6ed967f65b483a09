import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a free port, with the request body already read. */
export async function startTestServer(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void): Promise<TestServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound then released). */
export async function unusedPort(): Promise<number> {
  const s = await startTestServer((_req, _body, res) => res.end());
  await s.close();
  return s.port;
}
