import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMessageKey } from '../../../../electron/shared/i18n';
import { alarmActionSchema } from '../../../../electron/shared/domain/alarm';
import { repoRoot } from '../../../helpers/fixtures';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** The literal action names of every `audit.append(actor, 'action', …)` in the host. */
function auditedActions(): Set<string> {
  const out = new Set<string>();
  for (const file of sources(path.join(repoRoot, 'electron', 'host'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/audit\.append\(\s*[^,]+,\s*(?:[^,]*\?\s*)?'([a-zA-Z.]+)'/g))
      out.add(m[1]);
    // `existing ? 'schedules.update' : 'schedules.create'`
    for (const m of text.matchAll(
      /audit\.append\(\s*[^,]+,\s*[\w.]+\s*\?\s*'([\w.]+)'\s*:\s*'([\w.]+)'/g,
    )) {
      out.add(m[1]);
      out.add(m[2]);
    }
    if (/audit\.append\([^,]+,\s*`alarm\.\$\{p\.action\}`/.test(text))
      for (const a of alarmActionSchema.options) out.add(`alarm.${a}`);
  }
  return out;
}

describe('audit action labels', () => {
  it('every action written by alarms, notifications, schedules, API keys and the REST API has words', () => {
    const actions = [...auditedActions()].filter((a) =>
      /^(alarm|notify|schedules|apikey|api|mqtt)\./.test(a),
    );
    // The features that write them are all found (the scan itself works).
    for (const a of [
      'alarm.acknowledge',
      'notify.retry',
      'schedules.create',
      'schedules.update',
      'apikey.create',
      'api.rest',
    ])
      expect(actions, a).toContain(a);
    const missing = actions.filter((a) => !isMessageKey(`audit.${a}`));
    expect(missing).toEqual([]);
  });
});
