import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { XMLParser } from 'fast-xml-parser';

/**
 * A loopback stand-in for an ONVIF camera, because no ONVIF camera exists on this machine. It
 * speaks the real protocols of exactly the calls Watcher makes: SOAP 1.2 over HTTP on 127.0.0.1
 * (GetDeviceInformation, GetCapabilities, media GetProfiles and GetStreamUri, PTZ GetPresets and
 * GotoPreset), every request checked for a WS-Security UsernameToken whose PasswordDigest matches
 * its user and password (else a `ter:NotAuthorized` fault, as devices answer), and WS-Discovery
 * Probe / ProbeMatches over UDP, unicast on loopback. It records what it was asked.
 */
export interface OnvifStandIn {
  /** The device service URL, without credentials. */
  deviceUrl: string;
  /** Its WS-Discovery UDP port on 127.0.0.1. */
  discoveryPort: number;
  endpoint: string;
  /** SOAP actions received (local element name of the body), with whether they were authorised. */
  calls: Array<{ action: string; authorised: boolean }>;
  /** GotoPreset requests carried out. */
  gotos: Array<{ profile: string; preset: string }>;
  /** Replaces the next answers: a DOCTYPE with entities, or one over the client's size limit. */
  hostile?: 'doctype' | 'oversized';
  close(): Promise<void>;
}

export interface StandInOptions {
  username?: string;
  password?: string;
  /** The RTSP stream the profiles point at (e.g. a loopback RTSP test server). */
  rtspUrl?: string;
  name?: string;
  ptz?: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
});
const WSD = 'http://schemas.xmlsoap.org/ws/2005/04/discovery';
const WSA = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';

function envelope(body: string, header = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" ` +
    `xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" ` +
    `xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" ` +
    `xmlns:ter="http://www.onvif.org/ver10/error" xmlns:wsa="${WSA}" xmlns:d="${WSD}" ` +
    `xmlns:dn="http://www.onvif.org/ver10/network/wsdl">` +
    `<env:Header>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`
  );
}

function fault(code: string, subcode: string, reason: string): string {
  return envelope(
    `<env:Fault><env:Code><env:Value>env:${code}</env:Value><env:Subcode><env:Value>${subcode}</env:Value>` +
      `</env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">${reason}</env:Text></env:Reason></env:Fault>`,
  );
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Node = Record<string, unknown>;
const textOf = (n: unknown): string =>
  typeof n === 'string' ? n : n && typeof n === 'object' ? String((n as Node)['#text'] ?? '') : '';

export async function startOnvifStandIn(o: StandInOptions = {}): Promise<OnvifStandIn> {
  const username = o.username ?? 'admin';
  const password = o.password ?? 'secret';
  const rtsp = o.rtspUrl ?? 'rtsp://127.0.0.1:8554/main';
  const ptz = o.ptz ?? true;
  const endpoint = 'urn:uuid:5f0c3e9a-0000-4000-8000-standin00001';
  const calls: OnvifStandIn['calls'] = [];
  const gotos: OnvifStandIn['gotos'] = [];
  const presets = [
    { token: 'p1', name: 'Entrada norte' },
    { token: 'p2', name: 'Cruce & semáforo' },
  ];

  /** The WS-Security check a device does: user known, digest of nonce + created + password. */
  function authorised(header: unknown): boolean {
    const token = (header as Node | undefined)?.Security as Node | undefined;
    const ut = token?.UsernameToken as Node | undefined;
    if (!ut) return false;
    const nonce = Buffer.from(textOf(ut.Nonce), 'base64');
    const created = textOf(ut.Created);
    const digest = createHash('sha1')
      .update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)]))
      .digest('base64');
    const age = Math.abs(Date.now() - Date.parse(created));
    return textOf(ut.Username) === username && textOf(ut.Password) === digest && age < 300_000;
  }

  const self: OnvifStandIn = {
    deviceUrl: '',
    discoveryPort: 0,
    endpoint,
    calls,
    gotos,
    close: async () => {
      await new Promise((r) => server.close(r));
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };

  function answer(action: string, body: Node, base: string): string | undefined {
    const req = body[action] as Node;
    const profileXml = (token: string, name: string, w: number, h: number) =>
      `<trt:Profiles token="${token}" fixed="true"><tt:Name>${name}</tt:Name>` +
      `<tt:VideoEncoderConfiguration token="venc_${token}"><tt:Name>v</tt:Name><tt:Encoding>H264</tt:Encoding>` +
      `<tt:Resolution><tt:Width>${w}</tt:Width><tt:Height>${h}</tt:Height></tt:Resolution>` +
      `<tt:RateControl><tt:FrameRateLimit>25</tt:FrameRateLimit><tt:BitrateLimit>4096</tt:BitrateLimit></tt:RateControl>` +
      `</tt:VideoEncoderConfiguration>` +
      (ptz
        ? `<tt:PTZConfiguration token="ptz0"><tt:Name>ptz</tt:Name></tt:PTZConfiguration>`
        : '') +
      `</trt:Profiles>`;
    switch (action) {
      case 'GetDeviceInformation':
        return envelope(
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>Stand-in</tds:Manufacturer>` +
            `<tds:Model>${esc(o.name ?? 'Loopback ONVIF')}</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion>` +
            `<tds:SerialNumber>0012345</tds:SerialNumber><tds:HardwareId>SI-1</tds:HardwareId>` +
            `</tds:GetDeviceInformationResponse>`,
        );
      case 'GetCapabilities':
        return envelope(
          `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
            `<tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>` +
            // An inside address, as a camera behind NAT announces: the client must keep its own host.
            `<tt:Media><tt:XAddr>http://10.255.0.9/onvif/media_service</tt:XAddr></tt:Media>` +
            (ptz ? `<tt:PTZ><tt:XAddr>${base}/onvif/ptz_service</tt:XAddr></tt:PTZ>` : '') +
            `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
        );
      case 'GetProfiles':
        return envelope(
          `<trt:GetProfilesResponse>${profileXml('main', 'Principal', 1920, 1080)}${profileXml('sub', 'Secundario', 640, 360)}</trt:GetProfilesResponse>`,
        );
      case 'GetStreamUri': {
        const token = textOf(req.ProfileToken);
        const protocol = textOf(
          (req.StreamSetup as Node | undefined)?.Transport &&
            ((req.StreamSetup as Node).Transport as Node).Protocol,
        );
        if (protocol !== 'RTSP') return fault('Sender', 'ter:InvalidArgVal', 'transport');
        const uri = token === 'sub' ? rtsp.replace(/main$/, 'sub') : rtsp;
        return envelope(
          `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${esc(uri)}</tt:Uri>` +
            `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
            `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
        );
      }
      case 'GetPresets':
        return envelope(
          `<tptz:GetPresetsResponse>${presets
            .map(
              (p) =>
                `<tptz:Preset token="${p.token}"><tt:Name>${esc(p.name)}</tt:Name></tptz:Preset>`,
            )
            .join('')}</tptz:GetPresetsResponse>`,
        );
      case 'GotoPreset': {
        const preset = textOf(req.PresetToken);
        if (!presets.some((p) => p.token === preset))
          return fault('Sender', 'ter:NoEntity', 'no such preset');
        gotos.push({ profile: textOf(req.ProfileToken), preset });
        return envelope(`<tptz:GotoPresetResponse/>`);
      }
      default:
        return undefined;
    }
  }

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const send = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' });
        res.end(xml);
      };
      if (self.hostile === 'doctype')
        return send(
          200,
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>` +
            `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><x>&lol2;</x></env:Body></env:Envelope>`,
        );
      if (self.hostile === 'oversized')
        return send(200, envelope(`<x>${'A'.repeat(2 * 1024 * 1024)}</x>`));
      let doc: Node;
      try {
        doc = parser.parse(raw) as Node;
      } catch {
        return send(400, fault('Sender', 'ter:WellFormed', 'not XML'));
      }
      const env = doc.Envelope as Node | undefined;
      const body = (env?.Body ?? {}) as Node;
      const action = Object.keys(body).find((k) => !k.startsWith('@_')) ?? '';
      const ok = authorised(env?.Header);
      calls.push({ action, authorised: ok });
      if (!ok) return send(400, fault('Sender', 'ter:NotAuthorized', 'Sender not Authorized'));
      const xml = answer(action, body, base);
      if (!xml) return send(400, fault('Receiver', 'ter:ActionNotSupported', 'not supported'));
      send(200, xml);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  self.deviceUrl = `http://127.0.0.1:${port}/onvif/device_service`;

  // WS-Discovery: answer a Probe for NetworkVideoTransmitter with one ProbeMatch.
  const udp: Socket = createSocket('udp4');
  udp.on('message', (buf, rinfo) => {
    let doc: Node;
    try {
      doc = parser.parse(buf.toString('utf8')) as Node;
    } catch {
      return;
    }
    const env = doc.Envelope as Node | undefined;
    const probe = (env?.Body as Node | undefined)?.Probe as Node | undefined;
    if (!probe || !textOf(probe.Types).includes('NetworkVideoTransmitter')) return;
    const messageId = textOf((env?.Header as Node).MessageID);
    const reply = envelope(
      `<d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>${endpoint}</wsa:Address></wsa:EndpointReference>` +
        `<d:Types>dn:NetworkVideoTransmitter</d:Types>` +
        `<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/${encodeURIComponent(o.name ?? 'Loopback ONVIF')} onvif://www.onvif.org/hardware/SI-1</d:Scopes>` +
        `<d:XAddrs>${self.deviceUrl}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches>`,
      `<wsa:MessageID>uuid:${Math.random().toString(16).slice(2)}</wsa:MessageID><wsa:RelatesTo>${messageId}</wsa:RelatesTo>` +
        `<wsa:To>${WSA}/role/anonymous</wsa:To><wsa:Action>${WSD}/ProbeMatches</wsa:Action>`,
    );
    udp.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  self.discoveryPort = udp.address().port;
  return self;
}
