import { ruleSetSchema, type RuleConfig } from '../../shared/config/rules';
import type { ConfigRepo } from '../store/config-repo';

/**
 * The rule that produced an infraction, from the camera's latest stored rule set, parsed once
 * per rule-set version (a flood of infractions does not re-parse it every time).
 */
export function cachedRuleLookup(
  config: Pick<ConfigRepo, 'ruleSet'>,
): (cameraId: string, ruleId: string) => RuleConfig | undefined {
  const cache = new Map<string, { version: number; rules: RuleConfig[] }>();
  return (cameraId, ruleId) => {
    const stored = config.ruleSet(cameraId);
    if (!stored) return undefined;
    let hit = cache.get(cameraId);
    if (!hit || hit.version !== stored.version) {
      const parsed = ruleSetSchema.safeParse(stored.data);
      hit = { version: stored.version, rules: parsed.success ? parsed.data.rules : [] };
      cache.set(cameraId, hit);
    }
    return hit.rules.find((r) => r.id === ruleId);
  };
}
