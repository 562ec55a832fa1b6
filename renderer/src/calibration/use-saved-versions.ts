import { useEffect, useRef, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { useLiveStore } from '../state/live-store';
import { translateError, useT } from '../i18n/i18n';
import { docFrom, ruleSetOf, type EditorDoc } from './editor-state';
import type { SolveResult } from './homography';
import type { Frozen } from './use-frozen-frame';

export interface VersionInfo {
  version: number;
  createdAt: number;
  createdBy: string;
}

export type Say = (kind: 'ok' | 'error', text: string) => void;

/**
 * The camera's saved calibration and rule set: loaded into the editor once, when the first frame
 * (and so its size) is known, so a later re-freeze keeps the edits in progress; each save makes
 * a new version.
 */
export function useSavedVersions(opts: {
  cameraId?: string;
  frame?: Frozen;
  onLoad(doc: EditorDoc): void;
  say: Say;
}) {
  const client = useClient();
  const t = useT();
  const { cameraId, frame, onLoad, say } = opts;
  const [versions, setVersions] = useState<{ calibration?: VersionInfo; rules?: VersionInfo }>({});

  const loaded = useRef(false);
  useEffect(() => {
    if (!cameraId || !frame || loaded.current) return;
    loaded.current = true;
    Promise.all([
      client.call('calibration.get', { cameraId }),
      client.call('rules.get', { cameraId }),
    ])
      .then(([c, r]) => {
        onLoad(docFrom(c.calibration?.data, r.ruleSet?.data, frame.width, frame.height));
        setVersions({ calibration: c.calibration ?? undefined, rules: r.ruleSet ?? undefined });
      })
      .catch((e: unknown) => say('error', translateError(t, errorCode(e))));
  }, [client, cameraId, frame, t, onLoad, say]);

  const saveCalibration = async (doc: EditorDoc, solved: SolveResult) => {
    if (!cameraId || !frame) return;
    if (!solved.ok) return say('error', translateError(t, solved));
    try {
      const v = await client.call('calibration.save', {
        cameraId,
        data: {
          imageWidth: frame.width,
          imageHeight: frame.height,
          pairs: doc.pairs,
          homography: solved.H,
          rmsErrorM: solved.rmsM,
        },
      });
      setVersions((s) => ({ ...s, calibration: v }));
      say('ok', t('calib.savedCalibration', { version: v.version }));
    } catch (e) {
      say('error', translateError(t, errorCode(e)));
    }
  };

  const saveRules = async (doc: EditorDoc) => {
    if (!cameraId || !frame) return;
    try {
      const data = ruleSetOf(doc, frame.width, frame.height);
      const v = await client.call('rules.save', { cameraId, data });
      // The wall draws the saved zones on the camera's tile.
      useLiveStore.getState().setRuleSet(cameraId, data);
      setVersions((s) => ({ ...s, rules: v }));
      say('ok', t('calib.savedRules', { version: v.version }));
    } catch (e) {
      say('error', translateError(t, errorCode(e)));
    }
  };

  return { versions, saveCalibration, saveRules };
}
