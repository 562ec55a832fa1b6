import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { MAX_ONVIF_RESPONSE_BYTES, child, list, parseDeviceXml, text } from './onvif-xml';
import { SOAP12_NS } from './soap-client';

/** The WS-Discovery multicast group and port (IPv4). */
export const WS_DISCOVERY_ADDRESS = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;
const WSA = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
const WSD = 'http://schemas.xmlsoap.org/ws/2005/04/discovery';
const DN = 'http://www.onvif.org/ver10/network/wsdl';

export interface DiscoveredDevice {
  /** The device's stable endpoint reference (`urn:uuid:…`). */
  endpoint: string;
  /** Device service URLs it announced (http(s) only). */
  xaddrs: string[];
  scopes: string[];
  /** From the `onvif://www.onvif.org/name/…` and `…/hardware/…` scopes. */
  name?: string;
  hardware?: string;
  /** The address the answer came from. */
  from: string;
}

export function probeMessage(messageId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${SOAP12_NS}" xmlns:a="${WSA}" xmlns:d="${WSD}" xmlns:dn="${DN}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${WSD}/Probe</a:Action>` +
    `<a:MessageID>${messageId}</a:MessageID>` +
    `<a:ReplyTo><a:Address>${WSA}/role/anonymous</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>` +
    `<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>`
  );
}

function scopeValue(scopes: string[], kind: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${kind}/`;
  const s = scopes.find((x) => x.startsWith(prefix));
  if (!s) return undefined;
  try {
    return decodeURIComponent(s.slice(prefix.length));
  } catch {
    return s.slice(prefix.length);
  }
}

/**
 * The devices in one ProbeMatches answer to our probe (`RelatesTo` must name our MessageID; an
 * answer to someone else's probe, or anything that is not valid XML, yields nothing).
 */
export function parseProbeMatches(
  xml: string,
  messageId: string,
  from: string,
): DiscoveredDevice[] {
  let doc;
  try {
    doc = parseDeviceXml(xml);
  } catch {
    return [];
  }
  const env = child(doc, 'Envelope');
  if (text(child(env, 'Header', 'RelatesTo')) !== messageId) return [];
  return list(child(env, 'Body', 'ProbeMatches', 'ProbeMatch')).flatMap((m) => {
    const endpoint = text(child(m, 'EndpointReference', 'Address'));
    const xaddrs = (text(child(m, 'XAddrs')) ?? '')
      .split(/\s+/)
      .filter((x) => /^https?:\/\//i.test(x));
    if (!endpoint || !xaddrs.length) return [];
    const scopes = (text(child(m, 'Scopes')) ?? '').split(/\s+/).filter(Boolean);
    return [
      {
        endpoint,
        xaddrs,
        scopes,
        name: scopeValue(scopes, 'name'),
        hardware: scopeValue(scopes, 'hardware'),
        from,
      },
    ];
  });
}

export interface DiscoverOptions {
  /** How long to listen for answers. */
  timeoutMs?: number;
  /** A unicast target instead of the multicast group (one device, or a stand-in in tests). */
  address?: string;
  port?: number;
}

/**
 * WS-Discovery: sends one Probe for NetworkVideoTransmitter (twice, UDP may drop one) and
 * collects the ProbeMatches that arrive within the timeout, one entry per endpoint.
 */
export function discoverOnvifDevices(o: DiscoverOptions = {}): Promise<DiscoveredDevice[]> {
  const messageId = `uuid:${randomUUID()}`;
  const message = Buffer.from(probeMessage(messageId));
  const address = o.address ?? WS_DISCOVERY_ADDRESS;
  const port = o.port ?? WS_DISCOVERY_PORT;
  const found = new Map<string, DiscoveredDevice>();
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4' });
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      closed = true;
      socket.close();
      resolve([...found.values()]);
    };
    socket.on('message', (buf, rinfo) => {
      if (buf.byteLength > MAX_ONVIF_RESPONSE_BYTES) return;
      for (const d of parseProbeMatches(buf.toString('utf8'), messageId, rinfo.address))
        if (!found.has(d.endpoint)) found.set(d.endpoint, d);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      closed = true;
      socket.close();
      reject(e);
    });
    socket.bind(0, () => {
      if (address === WS_DISCOVERY_ADDRESS) socket.setMulticastTTL(1);
      const send = () => {
        if (!closed) socket.send(message, port, address, () => {});
      };
      send();
      setTimeout(send, 100).unref();
      timer = setTimeout(finish, o.timeoutMs ?? 3000);
    });
  });
}
