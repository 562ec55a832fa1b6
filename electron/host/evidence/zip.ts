import { crc32 } from 'node:zlib';

/**
 * A deliberately small ZIP writer and strict reader for evidence packages. Entries are stored
 * (clips and JPEGs are already compressed) with fixed timestamps and no extra fields, so the same
 * entries always give the same bytes: the reader rebuilds the archive from what it parsed and
 * refuses anything that differs, so no byte of a package (headers included) can change unnoticed.
 * Classic ZIP only (under 4 GiB, under 65 535 entries), readable by every unzip tool.
 */

export interface ZipEntry {
  /** Forward-slash path inside the archive. */
  name: string;
  data: Buffer;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const VERSION = 20;
/** Bit 11: names are UTF-8. */
const FLAGS = 0x0800;
/** 1980-01-01 00:00, the DOS epoch: packages carry their creation time in the manifest instead. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_U32 = 0xffffffff;

export class ZipFormatError extends Error {}

function checkName(name: string): void {
  if (
    !name ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.split('/').some((p) => p === '' || p === '.' || p === '..')
  )
    throw new ZipFormatError(`invalid entry name ${JSON.stringify(name)}`);
}

/** Builds the archive; entries keep the order given. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new ZipFormatError('too many entries');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const e of entries) {
    checkName(e.name);
    if (seen.has(e.name)) throw new ZipFormatError(`duplicate entry ${e.name}`);
    seen.add(e.name);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    if (e.data.length >= MAX_U32) throw new ZipFormatError(`${e.name} is too large`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_SIG, 0);
    central.writeUInt16LE(VERSION, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(FLAGS, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
    if (offset >= MAX_U32) throw new ZipFormatError('package is too large');
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Reads an archive written by {@link writeZip} and checks it is byte for byte what writeZip makes
 * of its entries (`exact`; otherwise the offset of the first difference: a changed byte anywhere,
 * another tool's zip). Throws ZipFormatError when it cannot be read at all.
 */
export function readZip(zip: Buffer): {
  entries: ZipEntry[];
  exact: boolean;
  firstDifference?: number;
} {
  if (zip.length < 22) throw new ZipFormatError('too short to be a zip');
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== END_SIG) throw new ZipFormatError('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  const cdSize = zip.readUInt32LE(end + 12);
  const cdOffset = zip.readUInt32LE(end + 16);
  if (cdOffset + cdSize > end) throw new ZipFormatError('central directory is out of place');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || zip.readUInt32LE(p) !== CENTRAL_SIG)
      throw new ZipFormatError(`central directory entry ${i} is damaged`);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + nameLen;
    if (dataStart + size > cdOffset) throw new ZipFormatError(`entry ${name} overruns the archive`);
    entries.push({ name, data: Buffer.from(zip.subarray(dataStart, dataStart + size)) });
    p += 46 + nameLen;
  }
  let rebuilt: Buffer | undefined;
  try {
    rebuilt = writeZip(entries);
  } catch {
    rebuilt = undefined;
  }
  if (rebuilt?.equals(zip)) return { entries, exact: true };
  let at = 0;
  if (rebuilt) while (at < zip.length && rebuilt[at] === zip[at]) at++;
  return { entries, exact: false, firstDifference: at };
}
