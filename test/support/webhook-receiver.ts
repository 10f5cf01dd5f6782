/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records each delivery, verifies its
 * signature with the documented recipe, and answers with the statuses it is told to (then 200).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../shared/feedback/webhook-signing';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

export async function startReceiver(options: {
  secret: () => string;
  statuses?: number[];
  now?: () => Date;
}) {
  const received: Received[] = [];
  const statuses = [...(options.statuses ?? [])];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        headers: request.headers,
        body,
        signatureValid: verifySignature(
          options.secret(),
          {
            timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
            signature: request.headers[SIGNATURE_HEADER] as string | undefined,
          },
          body,
          (options.now ?? (() => new Date()))(),
        ),
      });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/hailong`,
    received,
    /** Statuses to answer next (each used once), then 200. */
    answerWith: (...next: number[]) => statuses.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
