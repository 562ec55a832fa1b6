import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A self-signed certificate for localhost / 127.0.0.1, made with openssl in `dir`. */
export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
      '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  signatureOk?: boolean;
}

export interface HttpReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** 2xx answers per X-Watcher-Delivery id. */
  accepted: Map<string, number>;
  /** Decide the answer of each request (default 204). */
  answer: (req: ReceivedRequest) => { status: number; headers?: Record<string, string>; body?: string } | Promise<{ status: number; headers?: Record<string, string>; body?: string }>;
  close(): Promise<void>;
}

/** A loopback HTTP receiver on an OS port that checks X-Watcher-Signature when given a secret. */
export async function httpReceiver(secret?: string): Promise<HttpReceiver> {
  const r: HttpReceiver = {
    url: '',
    port: 0,
    requests: [],
    accepted: new Map(),
    answer: () => ({ status: 204 }),
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const rec: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body };
      if (secret) {
        const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
        const got = Buffer.from(String(req.headers['x-watcher-signature'] ?? ''));
        rec.signatureOk = got.length === want.length && timingSafeEqual(got, want);
      }
      r.requests.push(rec);
      void Promise.resolve(r.answer(rec)).then(
        (a) => {
          if (a.status >= 200 && a.status < 300) {
            const id = String(req.headers['x-watcher-delivery'] ?? '');
            r.accepted.set(id, (r.accepted.get(id) ?? 0) + 1);
          }
          res.writeHead(a.status, a.headers).end(a.body);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}

export interface SmtpCapture {
  port: number;
  messages: Array<{ from: string; to: string[]; raw: string; user?: string; secure: boolean }>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server): STARTTLS with the given cert, AUTH user/pass. */
export async function smtpServer(
  opts: { key?: string; cert?: string; user: string; pass: string } & Partial<SMTPServerOptions>,
): Promise<SmtpCapture> {
  const messages: SmtpCapture['messages'] = [];
  const { user, pass, ...rest } = opts;
  const server = new SMTPServer({
    secure: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((t) => t.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
          secure: session.secure,
        });
        cb();
      });
    },
    ...rest,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
