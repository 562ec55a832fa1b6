import { useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';
import type { EditorDoc } from './editor-state';
import { sceneTestRequest } from './scene-test';
import type { SceneTestState } from './SceneTestPanel';
import type { Say } from './use-saved-versions';

/**
 * Test mode: a replay of the camera's last seconds with the draft as it is on screen (unsaved).
 * `picked` is the event whose marker is shown on the frame.
 */
export function useSceneTest(cameraId: string | undefined, say: Say, clearMessage: () => void) {
  const client = useClient();
  const t = useT();
  const [seconds, setSeconds] = useState(60);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<SceneTestState>();
  const [picked, setPicked] = useState<number>();

  const run = async (doc: EditorDoc, frame: { width: number; height: number } | undefined) => {
    if (!cameraId || !frame || busy) return;
    setBusy(true);
    setPicked(undefined);
    clearMessage();
    try {
      const outcome = await client.call(
        'rules.test',
        sceneTestRequest(cameraId, doc, frame, seconds),
      );
      setState({ cameraId, outcome, doc });
    } catch (e) {
      setState(undefined);
      say('error', translateError(t, errorCode(e)));
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    setState(undefined);
    setPicked(undefined);
  };

  // Results of another camera mean nothing here.
  const result = state?.cameraId === cameraId ? state : undefined;
  return { seconds, setSeconds, busy, result, picked, setPicked, run, clear };
}

export type SceneTest = ReturnType<typeof useSceneTest>;
