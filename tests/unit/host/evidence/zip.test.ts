import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip, writeZip } from '../../../../electron/host/evidence/zip';

describe('evidence package zip', () => {
  const entries = [
    { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
    { name: 'evidence/clip.mp4', data: Buffer.alloc(5000, 7) },
    { name: 'evidence/ñandú.jpg', data: Buffer.from([0xff, 0xd8, 0xff]) },
  ];

  it('writes the same bytes for the same entries and reads them back exactly', () => {
    const zip = writeZip(entries);
    expect(writeZip(entries).equals(zip)).toBe(true);
    const r = readZip(zip);
    expect(r.exact).toBe(true);
    expect(r.entries.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    expect(r.entries[1].data.equals(entries[1].data)).toBe(true);
  });

  it('notices a change of any single byte, headers included', () => {
    const zip = writeZip(entries);
    for (let i = 0; i < zip.length; i += 97) {
      const bad = Buffer.from(zip);
      bad[i] ^= 0x01;
      let exact: boolean;
      try {
        exact = readZip(bad).exact;
      } catch {
        exact = false;
      }
      expect(exact, `byte ${i}`).toBe(false);
    }
  });

  it('is a valid zip for other tools (unzip -t when installed)', () => {
    let hasUnzip = true;
    try {
      execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    } catch {
      hasUnzip = false;
    }
    if (!hasUnzip) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    try {
      const f = path.join(dir, 'p.zip');
      writeFileSync(f, writeZip(entries));
      expect(execFileSync('unzip', ['-t', f]).toString()).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names that would escape the folder', () => {
    for (const name of ['../x', '/etc/passwd', 'a//b', 'a\\b', ''])
      expect(() => writeZip([{ name, data: Buffer.alloc(1) }])).toThrow();
  });
});
