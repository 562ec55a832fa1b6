import { useCallback, useEffect, useRef } from 'react';
import { useClient } from '../api/client-context';
import { useLiveStore } from '../state/live-store';

/**
 * The saved zones of cameras, from their rule sets (`rules.get`, the calibration view's source;
 * the app loads them at start and the calibration view updates them on save). A camera whose
 * rule set is not loaded yet is asked for once.
 */
export function useCameraZones(
  cameraIds: readonly string[],
): (cameraId: string) => ReadonlyArray<{ id: string; name?: string }> | undefined {
  const client = useClient();
  const ruleSets = useLiveStore((s) => s.ruleSets);
  const asked = useRef(new Set<string>());
  const wanted = cameraIds.join('\u0000');
  useEffect(() => {
    const store = useLiveStore.getState();
    for (const id of wanted ? wanted.split('\u0000') : []) {
      if (id in store.ruleSets || asked.current.has(id)) continue;
      asked.current.add(id);
      client
        .call('rules.get', { cameraId: id })
        .then((r) => useLiveStore.getState().setRuleSet(id, r.ruleSet?.data))
        .catch(() => undefined);
    }
  }, [client, wanted]);
  return useCallback((id: string) => ruleSets[id]?.zones, [ruleSets]);
}
