import { createHash, randomBytes } from 'node:crypto';
import { CodedError } from '../../../shared/coded-error';
import { redactUrl } from '../../../shared/util/url-credentials';
import {
  MAX_ONVIF_RESPONSE_BYTES,
  child,
  parseDeviceXml,
  text,
  xmlEscape,
  type XmlNode,
} from './onvif-xml';

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_DIGEST =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64_BINARY =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export interface OnvifCredentials {
  username: string;
  password: string;
}

export interface SoapCallOptions {
  /** The service's address (device, media or PTZ XAddr), without credentials. */
  url: string;
  credentials?: OnvifCredentials;
  /** The body's one element, namespaces declared on it. */
  body: string;
  timeoutMs?: number;
  /** The device's clock minus ours, so `Created` falls inside the device's replay window. */
  clockOffsetMs?: number;
}

/** WS-Security UsernameToken digest: Base64(SHA-1(nonce + created + password)). */
export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(password, 'utf8')]))
    .digest('base64');
}

function securityHeader(c: OnvifCredentials, clockOffsetMs: number): string {
  const nonce = randomBytes(16);
  const created = new Date(Date.now() + clockOffsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}">` +
    `<wsse:UsernameToken><wsse:Username>${xmlEscape(c.username)}</wsse:Username>` +
    `<wsse:Password Type="${PASSWORD_DIGEST}">${passwordDigest(nonce, created, c.password)}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${BASE64_BINARY}">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

export function soapEnvelope(body: string, header = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${SOAP12_NS}"><s:Header>${header}</s:Header>` +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}

/** Reads a response body up to `max` bytes; a longer one is cut off and refused. */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new CodedError('onvif.error.tooLarge', `answer of ${declared} bytes (limit ${max})`);
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new CodedError('onvif.error.tooLarge', `answer over ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether a SOAP fault says the credentials were refused (ONVIF: ter:NotAuthorized). */
function isAuthFault(fault: unknown): boolean {
  const words = JSON.stringify(fault ?? '').toLowerCase();
  return /notauthorized|not authorized|failedauthentication|unauthorized|invalidsecurity/.test(
    words,
  );
}

/**
 * One SOAP 1.2 call to an ONVIF service, signed with a WS-Security UsernameToken (PasswordDigest)
 * when credentials are given. Answers the parsed `Body`; every failure is a CodedError:
 * `onvif.error.unreachable` (no connection / timeout), `onvif.error.auth` (HTTP 401 or a
 * NotAuthorized fault), `onvif.error.notOnvif` (not a SOAP answer), `onvif.error.fault` (any other
 * fault, with its reason), `onvif.error.tooLarge` and `onvif.error.badXml`.
 */
export async function soapCall(o: SoapCallOptions): Promise<XmlNode> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const header = o.credentials ? securityHeader(o.credentials, o.clockOffsetMs ?? 0) : '';
  const shown = redactUrl(o.url);
  let res: Response;
  try {
    res = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapEnvelope(o.body, header),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    const timedOut = (e as Error).name === 'TimeoutError';
    throw new CodedError(
      'onvif.error.unreachable',
      `${shown}: ${timedOut ? `no answer in ${timeoutMs} ms` : (cause ?? (e as Error).message)}`,
      { url: shown },
    );
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new CodedError('onvif.error.auth', `${shown}: user or password refused`, { url: shown });
  }
  let doc: XmlNode;
  try {
    doc = parseDeviceXml(await readCapped(res, MAX_ONVIF_RESPONSE_BYTES));
  } catch (e) {
    if (e instanceof CodedError && e.code !== 'onvif.error.badXml') throw e;
    if (!res.ok)
      throw new CodedError('onvif.error.notOnvif', `${shown}: HTTP ${res.status}`, { url: shown });
    throw e;
  }
  const body = child(doc, 'Envelope', 'Body');
  if (!body || typeof body !== 'object')
    throw new CodedError('onvif.error.notOnvif', `${shown}: not a SOAP answer`, { url: shown });
  const fault = child(body, 'Fault');
  if (fault !== undefined) {
    if (isAuthFault(fault))
      throw new CodedError('onvif.error.auth', `${shown}: user or password refused`, {
        url: shown,
      });
    const reason = text(child(fault, 'Reason', 'Text')) ?? 'SOAP fault';
    throw new CodedError('onvif.error.fault', `${shown}: ${reason.slice(0, 300)}`, {
      url: shown,
      reason: reason.slice(0, 300),
    });
  }
  return body as XmlNode;
}
