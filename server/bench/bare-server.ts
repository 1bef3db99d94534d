/**
 * The benchmark's yardstick: a bare Fastify route that answers a constant JSON body, no schema,
 * no database, no hooks. Run as its own process by bench.ts so that it gets a CPU thread of its
 * own, exactly like the real server; the product app is not touched.
 *
 *   BARE_BODY_FILE  file whose bytes are the body (bench.ts writes the figures reply there, as sent)
 *   BARE_CONTENT_ENCODING  the body's `Content-Encoding`, if the figures reply went out compressed
 *   PORT, HOST      where to listen (loopback)
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const bodyFile = process.env.BARE_BODY_FILE;
if (!bodyFile) throw new Error('BARE_BODY_FILE is not set');
// Bytes, not a string: the server keeps its cached replies as bytes, so the yardstick does too
// (a string would be encoded again on every request, which is slower than the product).
const body = readFileSync(bodyFile);
const encoding = process.env.BARE_CONTENT_ENCODING;
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const app = Fastify({ logger: false });
app.get('/bare', (_req, reply) => {
  reply.type('application/json; charset=utf-8');
  if (encoding) reply.header('vary', 'accept-encoding').header('content-encoding', encoding);
  reply.send(body);
});
app.get('/health', () => ({ status: 'ok' }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

await app.listen({ host, port });
console.log(`bare route listening on http://${host}:${port}/bare (${Buffer.byteLength(body)} bytes)`);
