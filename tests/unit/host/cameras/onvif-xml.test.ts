import { describe, expect, it } from 'vitest';
import {
  parseDeviceXml,
  MAX_ONVIF_RESPONSE_BYTES,
} from '../../../../electron/host/cameras/onvif/onvif-xml';
import { passwordDigest } from '../../../../electron/host/cameras/onvif/soap-client';
import {
  parseProbeMatches,
  probeMessage,
} from '../../../../electron/host/cameras/onvif/ws-discovery';

describe('ONVIF XML parsing and WS-Security', () => {
  it('computes the UsernameToken digest of the WS-Security spec example', () => {
    // OASIS UsernameToken Profile 1.0 style check: Base64(SHA-1(nonce + created + password)).
    const nonce = Buffer.from('LKqI6G/AikKCQrN0zqZFlg==', 'base64');
    expect(passwordDigest(nonce, '2010-09-16T07:50:45Z', 'userpassword')).toBe(
      'tuOSpGlFlIXsozq4HFNeeGeFLEI=',
    );
  });

  it('reads elements by local name whatever the namespace prefix, entities decoded', () => {
    const doc = parseDeviceXml(
      '<?xml version="1.0"?><a:Envelope xmlns:a="x"><a:Body><b:Uri xmlns:b="y">rtsp://h/s?a=1&amp;b=2</b:Uri></a:Body></a:Envelope>',
    );
    expect(doc).toMatchObject({ Envelope: { Body: { Uri: 'rtsp://h/s?a=1&b=2' } } });
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', 'onvif.error.badXml'],
    ['<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>', 'onvif.error.badXml'],
    ['<?xml version="1.0"?><?xml-stylesheet href="x"?><x/>', 'onvif.error.badXml'],
    ['<x><y></x>', 'onvif.error.badXml'],
    [`<x>${'a'.repeat(MAX_ONVIF_RESPONSE_BYTES)}</x>`, 'onvif.error.tooLarge'],
  ])('refuses hostile or broken XML %#', (xml, code) => {
    expect(() => parseDeviceXml(xml)).toThrow(expect.objectContaining({ code }));
  });

  it('takes only ProbeMatches that answer our own probe', () => {
    const probe = probeMessage('uuid:1');
    expect(probe).toContain('dn:NetworkVideoTransmitter');
    const match = (relates: string) =>
      `<e:Envelope xmlns:e="s"><e:Header><w:RelatesTo xmlns:w="a">${relates}</w:RelatesTo></e:Header>` +
      `<e:Body><d:ProbeMatches xmlns:d="d"><d:ProbeMatch><w:EndpointReference xmlns:w="a"><w:Address>urn:uuid:9</w:Address></w:EndpointReference>` +
      `<d:Scopes>onvif://www.onvif.org/name/Cam%201</d:Scopes><d:XAddrs>http://10.0.0.5/onvif/device_service ftp://x</d:XAddrs></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>`;
    expect(parseProbeMatches(match('uuid:1'), 'uuid:1', '10.0.0.5')).toEqual([
      {
        endpoint: 'urn:uuid:9',
        xaddrs: ['http://10.0.0.5/onvif/device_service'],
        scopes: ['onvif://www.onvif.org/name/Cam%201'],
        name: 'Cam 1',
        hardware: undefined,
        from: '10.0.0.5',
      },
    ]);
    expect(parseProbeMatches(match('uuid:2'), 'uuid:1', '10.0.0.5')).toEqual([]);
    expect(parseProbeMatches('<not xml', 'uuid:1', '10.0.0.5')).toEqual([]);
  });
});
