import http from 'node:http';
import https from 'node:https';
import { classifyHttpStatus, classifyNetworkError, NotifyError, redact } from './errors';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Secrets that must never appear in an error message (a token in the URL path). */
  redact?: readonly string[];
  signal?: AbortSignal;
  /** Extra CA certificates (PEM) for https. */
  ca?: string;
}

/**
 * One POST with node:http(s), so every failure keeps its exact socket error code (DNS, refused,
 * TLS, timeout) for classification. Resolves with any HTTP status; rejects with a NotifyError.
 */
export function httpPost(url: string, body: Buffer, opts: PostOptions = {}): Promise<HttpAnswer> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (err: NotifyError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      err.message = redact(err.message, opts.redact ?? []);
      reject(err);
    };
    const req = lib.request(
      u,
      {
        method: 'POST',
        headers: { 'content-length': String(body.length), ...opts.headers },
        ca: opts.ca,
        signal: opts.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (chunks.reduce((n, b) => n + b.length, 0) < 64 * 1024) chunks.push(c);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (e) => fail(classifyNetworkError(e, u.hostname)));
      },
    );
    const timer = setTimeout(() => {
      fail(new NotifyError('notify.error.timeout', `${u.hostname}: no answer in ${timeoutMs} ms`, true, { host: u.hostname }));
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => fail(classifyNetworkError(e, u.hostname)));
    req.end(body);
  });
}

/** Throws the classified error unless the answer is 2xx. */
export function expect2xx(answer: HttpAnswer, now: number): HttpAnswer {
  if (answer.status >= 200 && answer.status < 300) return answer;
  const ra = answer.headers['retry-after'];
  throw classifyHttpStatus(answer.status, Array.isArray(ra) ? ra[0] : ra, now);
}
