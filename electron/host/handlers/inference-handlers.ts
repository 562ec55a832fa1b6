import type { DomainHandlers } from '../api-types';
import type { HostInferenceSettings } from '../inference/inference-settings';
import type { InferenceSettings } from '../../shared/protocol/worker-protocol';

/** What `inference.*` needs: the host's setting and a way to restart the workers with a new one. */
export interface InferenceContext {
  settings: Pick<HostInferenceSettings, 'view' | 'save' | 'effective'>;
  /** Stops every inference worker cleanly and starts it again with these settings. */
  restartWorkers(settings: InferenceSettings): Promise<void>;
}

export function createInferenceHandlers(c: InferenceContext): DomainHandlers<'inference'> {
  return {
    'inference.settings': () => c.settings.view(),
    'inference.saveSettings': async (p) => {
      const before = JSON.stringify(c.settings.effective());
      const view = c.settings.save(p);
      if (JSON.stringify(view.effective) !== before) await c.restartWorkers(view.effective);
      return view;
    },
  };
}
