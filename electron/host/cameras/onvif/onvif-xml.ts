import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CodedError } from '../../../shared/coded-error';

/** Largest SOAP or WS-Discovery answer read from a device; anything bigger is refused unread. */
export const MAX_ONVIF_RESPONSE_BYTES = 512 * 1024;

/** Elements that always come back as arrays, whatever their count in one answer. */
const ARRAY_ELEMENTS = new Set(['Profiles', 'Preset', 'ProbeMatch', 'Service']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Namespaces differ between vendors (tt:, ns2:, …): elements are read by local name.
  removeNSPrefix: true,
  // Tokens, serial numbers and URIs stay strings ("0012" is not the number 12).
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five XML entities (a DOCTYPE, where custom ones live, is refused before parsing).
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ARRAY_ELEMENTS.has(name),
});

/** A parsed XML node: element children by local name, attributes as `@_name`, text as `#text`. */
export type XmlNode = Record<string, unknown>;

/**
 * Parses a device's XML answer. Refused with `onvif.error.badXml`: anything over the size limit, a
 * DOCTYPE (entity definitions are how "billion laughs" and external-entity attacks come in; SOAP
 * forbids a DOCTYPE anyway), processing instructions other than the XML declaration, and text that
 * is not well-formed XML.
 */
export function parseDeviceXml(text: string): XmlNode {
  if (text.length > MAX_ONVIF_RESPONSE_BYTES)
    throw new CodedError('onvif.error.tooLarge', `answer over ${MAX_ONVIF_RESPONSE_BYTES} bytes`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new CodedError('onvif.error.badXml', 'the answer declares a DOCTYPE or entities');
  if (/<\?(?!xml\s)/i.test(text.replace(/^\uFEFF/, '').replace(/^<\?xml\s[^>]*\?>/, '')))
    throw new CodedError('onvif.error.badXml', 'the answer holds processing instructions');
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new CodedError('onvif.error.badXml', `not well-formed XML: ${valid.err.msg}`);
  return parser.parse(text) as XmlNode;
}

/** The child element at `path` (local names), or undefined. */
export function child(node: unknown, ...path: string[]): unknown {
  let n = node;
  for (const p of path) {
    if (!n || typeof n !== 'object') return undefined;
    n = (n as XmlNode)[p];
  }
  return n;
}

/** An element's text (an element with attributes keeps it under `#text`). */
export function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object') {
    const t = (node as XmlNode)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return undefined;
}

export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as XmlNode)[`@_${name}`];
  return v === undefined ? undefined : String(v);
}

export function list(node: unknown): unknown[] {
  return node === undefined ? [] : Array.isArray(node) ? node : [node];
}

/** Escapes text for an XML element or attribute value. */
export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
