/**
 * What the QR code on a notice of infraction carries: the case's code and the SHA-256 of the
 * signed evidence package the notice was issued from. Whoever holds the package checks it with
 * `watcher verify-package` and compares its hash with the one scanned from the paper.
 */
export interface NoticeVerification {
  code: string;
  sha256: string;
}

const SCHEME = 'watcher://verify/';
const SHA256 = /^[0-9a-f]{64}$/;
/** Infraction codes (INF-…) and, for cases without one, their UUIDs: URL-safe as they are. */
const CODE = /^[A-Za-z0-9-]{1,80}$/;

export function noticeVerifyPayload(v: NoticeVerification): string {
  if (!CODE.test(v.code)) throw new RangeError(`not an infraction code: ${v.code}`);
  if (!SHA256.test(v.sha256)) throw new RangeError('not a lowercase hex SHA-256');
  return `${SCHEME}${v.code}?sha256=${v.sha256}`;
}

/** The code and hash a scanned payload names; undefined when it is not a notice's payload. */
export function parseNoticeVerifyPayload(text: string): NoticeVerification | undefined {
  if (!text.startsWith(SCHEME)) return undefined;
  const [code, query = ''] = text.slice(SCHEME.length).split('?', 2);
  const sha256 = new URLSearchParams(query).get('sha256') ?? '';
  return CODE.test(code) && SHA256.test(sha256) ? { code, sha256 } : undefined;
}
