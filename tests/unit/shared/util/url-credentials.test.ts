import { describe, expect, it } from 'vitest';
import {
  isCredentialName,
  joinUrlCredentials,
  mergeUrlCredentials,
  redactUrl,
  splitUrlCredentials,
} from '../../../../electron/shared/util/url-credentials';
import { redactSecrets } from '../../../../electron/shared/util/redact';
import { cameraSourceSchema } from '../../../../electron/shared/config/camera';

describe('splitUrlCredentials', () => {
  const cases: Array<[string, string, object]> = [
    ['rtsp://admin:S3cr3t@10.0.0.5:554/s1', 'rtsp://admin@10.0.0.5:554/s1', { password: 'S3cr3t' }],
    // Empty user.
    ['rtsp://:pw0rd@cam:554/s', 'rtsp://cam:554/s', { password: 'pw0rd' }],
    // A raw `@` and `:` in the password: the last `@` of the authority separates.
    [
      'rtsp://admin:p@ss:w0rd@10.0.0.1/s?x=1',
      'rtsp://admin@10.0.0.1/s?x=1',
      { password: 'p@ss:w0rd' },
    ],
    // Percent-encoded `@`, `:` and `/`.
    ['rtsp://admin:p%40ss%3Aw%2Frd@h/s', 'rtsp://admin@h/s', { password: 'p@ss:w/rd' }],
    // A `%` that is no escape stays as written.
    ['rtsp://u:ab%zz@h/s', 'rtsp://u@h/s', { password: 'ab%zz' }],
    // Credentials in the query, any case and separator; other parameters untouched.
    [
      'http://cam/video.cgi?user=admin&pwd=S3cret&PassWord=x1&api_key=k2&X-Amz-Signature=s3&accessToken=t4&loginpas=l5&res=640x480&channel=1',
      'http://cam/video.cgi?user=admin&pwd=***&PassWord=***&api_key=***&X-Amz-Signature=***&accessToken=***&loginpas=***&res=640x480&channel=1',
      {
        query: [
          ['pwd', 'S3cret'],
          ['PassWord', 'x1'],
          ['api_key', 'k2'],
          ['X-Amz-Signature', 's3'],
          ['accessToken', 't4'],
          ['loginpas', 'l5'],
        ],
      },
    ],
    // Both at once; query values kept as written (no re-encoding).
    [
      'https://u:p@cam/a/b?token=a%2Fb+c&q=1',
      'https://u@cam/a/b?token=***&q=1',
      { password: 'p', query: [['token', 'a%2Fb+c']] },
    ],
    ['rtsp://10.0.0.1/stream', 'rtsp://10.0.0.1/stream', {}],
    ['rtsp://user@10.0.0.1/stream', 'rtsp://user@10.0.0.1/stream', {}],
    // An empty credential value, or one already shown as `***`, is no secret.
    ['http://cam/a?pwd=&key=***', 'http://cam/a?pwd=&key=***', {}],
  ];
  it.each(cases)('%s', (url, shown, secrets) => {
    const r = splitUrlCredentials(url);
    expect(r.url).toBe(shown);
    expect(r.secrets).toEqual(secrets);
    // Putting the secrets back gives a URL with the same credentials.
    const back = splitUrlCredentials(joinUrlCredentials(r.url, r.secrets));
    expect(back).toEqual(r);
  });

  it('gives the exact userinfo encoding back', () => {
    const url = 'rtsp://admin:S3cr%40t!@10.0.0.5:554/stream1';
    const r = splitUrlCredentials(url);
    expect(joinUrlCredentials(r.url, r.secrets)).toBe(url);
    const raw = splitUrlCredentials('rtsp://:p@ss@h/x');
    expect(joinUrlCredentials(raw.url, raw.secrets)).toBe('rtsp://:p%40ss@h/x');
  });

  it('recognises credential parameter names and leaves the others', () => {
    for (const n of [
      'password',
      'PASSWD',
      'pwd',
      'pass',
      'token',
      'auth',
      'key',
      'secret',
      'apikey',
      'api_key',
      'api-key',
      'signature',
      'sig',
      'x-api-key',
      'client_secret',
      'sslpassword',
      'authToken',
    ])
      expect(isCredentialName(n), n).toBe(true);
    for (const n of [
      'user',
      'username',
      'channel',
      'resolution',
      'keyint',
      'monkey',
      'stream',
      'subtype',
    ])
      expect(isCredentialName(n), n).toBe(false);
  });
});

describe('mergeUrlCredentials (saving the shown form back)', () => {
  const stored = 'http://cam/v.cgi?user=admin&pwd=S3cret&token=T0k';
  it('keeps stored credentials for `***` and a missing password on the same URL', () => {
    expect(mergeUrlCredentials('http://cam/v.cgi?user=admin&pwd=***&token=***', stored)).toBe(
      stored,
    );
    expect(mergeUrlCredentials('rtsp://admin@h/s', 'rtsp://admin:p%40ss@h/s')).toBe(
      'rtsp://admin:p%40ss@h/s',
    );
    expect(mergeUrlCredentials('rtsp://h/s', 'rtsp://:pw@h/s')).toBe('rtsp://:pw@h/s');
  });
  it('takes newly typed values', () => {
    expect(mergeUrlCredentials('http://cam/v.cgi?user=admin&pwd=New1&token=***', stored)).toBe(
      'http://cam/v.cgi?user=admin&pwd=New1&token=T0k',
    );
    expect(mergeUrlCredentials('rtsp://admin:new@h/s', 'rtsp://admin:old@h/s')).toBe(
      'rtsp://admin:new@h/s',
    );
  });
  it('never carries credentials to another host, user or path', () => {
    for (const next of [
      'http://evil/v.cgi?user=admin&pwd=***&token=***',
      'http://cam/other?user=admin&pwd=***&token=***',
      'http://cam/v.cgi?user=root&pwd=***&token=***',
    ])
      expect(mergeUrlCredentials(next, stored)).toBe(next);
    expect(mergeUrlCredentials('rtsp://other@h/s', 'rtsp://admin:pw@h/s')).toBe('rtsp://other@h/s');
  });
});

describe('redaction', () => {
  it('redactUrl shows user:***@host and *** query values', () => {
    expect(redactUrl('rtsp://:pw@h/s?pwd=x&a=1')).toBe('rtsp://:***@h/s?pwd=***&a=1');
    expect(redactUrl('rtsp://admin:p@ss:w@h/s')).toBe('rtsp://admin:***@h/s');
  });

  it('redactSecrets masks every form inside free text and JSON', () => {
    const cases: Array<[string, string]> = [
      ['rtsp://admin:S3cr3t!@10.1.2.3:554/h264', 'rtsp://admin:***@10.1.2.3:554/h264'],
      ['open rtsp://:pw0rd@cam/s failed', 'open rtsp://:***@cam/s failed'],
      ['rtsp://admin:p@ss:w0rd@10.0.0.1/s', 'rtsp://admin:***@10.0.0.1/s'],
      ['rtsp://admin:p%40ss@10.0.0.1/s', 'rtsp://admin:***@10.0.0.1/s'],
      ['http://cam/v.cgi?user=admin&pwd=S3cret&res=1', 'http://cam/v.cgi?user=admin&pwd=***&res=1'],
      [
        'GET /a?token=abc&X-Amz-Signature=def HTTP/1.1',
        'GET /a?token=***&X-Amz-Signature=*** HTTP/1.1',
      ],
      [
        'password=hunter2 passwd: x2 secret="a b" api_key=\'k\'',
        'password=*** passwd: *** secret="***" api_key=\'***\'',
      ],
      ['Authorization: Basic dXNlcjpwYXNz next', 'Authorization: *** next'],
      [
        '{"password":"p1","apiKey":"k1","pin":1,"hasSecret":true}',
        '{"password":"***","apiKey":"***","pin":1,"hasSecret":true}',
      ],
      // A JSON string inside JSON (a logged source), with the URL in it.
      [
        JSON.stringify({
          source: JSON.stringify({ url: 'http://u:p1@cam/a?pwd=p2&x=1', token: 't3' }),
        }),
        JSON.stringify({
          source: JSON.stringify({ url: 'http://u:***@cam/a?pwd=***&x=1', token: '***' }),
        }),
      ],
      ['url=http://x/?pwd=1&a=2', 'url=http://x/?pwd=***&a=2'],
      ['rtsp://10.1.2.3/stream', 'rtsp://10.1.2.3/stream'],
      ['rtsp://admin@10.1.2.3/stream', 'rtsp://admin@10.1.2.3/stream'],
      [
        'keyframes every 2s; Stream #0:0: Video: h264',
        'keyframes every 2s; Stream #0:0: Video: h264',
      ],
    ];
    for (const [input, output] of cases) expect(redactSecrets(input), input).toBe(output);
    // Redacted JSON stays JSON.
    expect(() => JSON.parse(redactSecrets('{"token":12345,"a":"b"}'))).not.toThrow();
  });
});

describe('camera source URLs', () => {
  it('accepts URL forms the splitter understands and refuses ones it cannot parse', () => {
    for (const url of [
      'rtsp://:pw@h/s',
      'rtsp://a:p@ss@h/s',
      'rtsp://a:p%2Fw@h/s',
      'rtsp://h/s?pwd=x',
    ])
      expect(cameraSourceSchema.safeParse({ kind: 'rtsp', url }).success, url).toBe(true);
    for (const url of ['rtsp://a:p w@h/s', 'rtsp://a:pw@h/s\nx', 'rtsp://a:b:c:d@h:notaport/s'])
      expect(cameraSourceSchema.safeParse({ kind: 'rtsp', url }).success, url).toBe(false);
  });
});
