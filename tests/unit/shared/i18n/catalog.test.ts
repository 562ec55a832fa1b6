import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOCALES,
  areas,
  catalogs,
  isMessageKey,
  messages,
  placeholdersOf,
  translate,
  translateCode,
  translateOr,
  translator,
  type MessageKey,
} from '../../../../electron/shared/i18n';
import type { CalibrationErrorCode } from '../../../../inference/vision/calibration/homography';
import type { NoPlateReason } from '../../../../inference/worker/plates/plate-reader';
import type { EvidenceProblemCode } from '../../../../inference/worker/evidence/verify';
import type { PackageProblemCode } from '../../../../electron/host/evidence/evidence-package';
import { measureLabel } from '../../../../renderer/src/review/measure-label';

const root = path.resolve(__dirname, '../../../..');

// Compile-time checks (tsc covers tests): the code unions that the vision and worker layers send
// are message keys, and a wrong key or a missing placeholder does not compile.
const _codes: MessageKey[] = [] as Array<
  CalibrationErrorCode | NoPlateReason | EvidenceProblemCode | PackageProblemCode
>;
const es = translator('es');
function compileTimeOnly() {
  // @ts-expect-error not a key
  es('no.such.key');
  // @ts-expect-error `camera.not_found` needs {id}
  es('camera.not_found');
  // @ts-expect-error `camera.not_found` has no {name}
  es('camera.not_found', { name: 'x' });
  const view = 'wall' as 'wall' | 'review';
  es(`nav.${view}`);
  const nope = 'wall' as 'wall' | 'nope';
  // @ts-expect-error `nav.nope` is not a key
  es(`nav.${nope}`);
}
void compileTimeOnly;

describe('i18n catalogs', () => {
  const entries = Object.entries(messages) as Array<[string, Record<string, unknown>]>;

  it('every key has a non-empty text in every language and nothing else', () => {
    expect(entries.length).toBeGreaterThan(600);
    for (const [key, m] of entries) {
      expect(Object.keys(m).sort(), key).toEqual([...LOCALES].sort());
      for (const l of LOCALES) {
        expect(typeof m[l], `${key} ${l}`).toBe('string');
        expect((m[l] as string).trim(), `${key} ${l}`).not.toBe('');
      }
    }
  });

  it('both languages of a key use the same placeholders', () => {
    for (const [key, m] of entries)
      expect(placeholdersOf(m.en as string), key).toEqual(placeholdersOf(m.es as string));
  });

  it('braces in texts are only {name} placeholders', () => {
    for (const [key, m] of entries)
      for (const l of LOCALES)
        expect((m[l] as string).replace(/\{\w+\}/g, ''), `${key} ${l}`).not.toMatch(/[{}]/);
  });

  it('keys are dotted and no key is declared by two areas', () => {
    const seen = new Map<string, string>();
    for (const [area, msgs] of Object.entries(areas))
      for (const key of Object.keys(msgs)) {
        expect(seen.get(key), `${key} in ${area}`).toBeUndefined();
        seen.set(key, area);
        expect(key, area).toMatch(/^[a-z][\w-]*(\.[\w-]+)+$/);
      }
    expect(seen.size).toBe(entries.length);
  });

  it('the one-language views hold every key', () => {
    for (const l of LOCALES) expect(Object.keys(catalogs[l]).length).toBe(entries.length);
    expect(catalogs.es['app.title']).toBe('Watcher · Sala de control');
    expect(catalogs.en['common.cancel']).toBe('Cancel');
  });
});

describe('translate and the helpers for keys known only at run time', () => {
  it('fills placeholders', () => {
    expect(translate('es', 'camera.not_found', { id: 'cam-1' })).toBe(
      'No existe la cámara «cam-1».',
    );
    expect(translator('en')('camera.not_found', { id: 'cam-1' })).toBe(
      'There is no camera "cam-1".',
    );
  });

  it('a code from the wire is checked, and an unknown one shows a translated generic message', () => {
    expect(isMessageKey('camera.error.auth')).toBe(true);
    expect(isMessageKey('no.such.code')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
    expect(translateCode(es, 'camera.not_found', { id: 'x' })).toBe('No existe la cámara «x».');
    expect(translateCode(es, 'no.such.code')).toBe('Error inesperado.');
    expect(translateCode(translator('en'), 'no.such.code')).toBe(
      catalogs.en['ui.error.unexpected'],
    );
    expect(translateOr(es, 'class.car', 'car')).toBe('auto');
    expect(translateOr(es, 'class.forklift', 'forklift')).toBe('forklift');
  });

  it('every measurement the rule engine records has a label', () => {
    const src = fs.readFileSync(path.join(root, 'inference/vision/rules/rule-engine.ts'), 'utf8');
    const names = new Set<string>();
    for (const m of src.matchAll(/measured(?:: Record<string, number>)?\s*[:=]\s*\{([^}]*)\}/g))
      for (const n of m[1].matchAll(/(\w+)\s*:/g)) names.add(n[1]);
    expect([...names]).toEqual(
      expect.arrayContaining(['speedKmh', 'limitKmh', 'thresholdKmh', 'redForSec']),
    );
    for (const n of names) expect(isMessageKey(`measure.${n}`), n).toBe(true);
    expect(measureLabel(es, 'thresholdKmh')).toBe('Umbral (km/h)');
    expect(measureLabel(translator('en'), 'missing:person')).toBe('Missing: person');
    expect(measureLabel(es, 'missing:helmet')).toBe('Falta: helmet');
  });
});

/** Source files of the product: every t('…') literal must be a key (a second guard beside tsc). */
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') sourceFiles(p, out);
    } else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('call sites', () => {
  const files = ['electron', 'renderer/src', 'inference', 'tools'].flatMap((d) =>
    sourceFiles(path.join(root, d)),
  );
  const keys = Object.keys(messages);

  it('every literal passed to t() or translate() is a key', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\b(?:t\(|translate\(\s*\w+\s*,)\s*'([^'\n]+)'/g)) {
        seen++;
        if (!isMessageKey(m[1])) bad.push(`${path.relative(root, f)}: ${m[1]}`);
      }
      // A template key: its fixed prefix must start some key.
      for (const m of src.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) {
        seen++;
        if (!keys.some((k) => k.startsWith(m[1]))) bad.push(`${path.relative(root, f)}: ${m[1]}…`);
      }
    }
    expect(seen).toBeGreaterThan(400);
    expect(bad).toEqual([]);
  });
});
