import { useState, type FormEvent } from 'react';
import {
  mapSettingsSchema,
  tileTemplateProblem,
  type MapSettings,
} from '../../../electron/shared/config/map-settings';
import { useClient } from '../api/client-context';
import { errorCode } from '../api/optional';
import { translateError, useT } from '../i18n/i18n';

/** The map's tile layer (XYZ URL template, attribution, tiles on/off): configuration only. */
export function MapSettingsCard({
  settings,
  onSaved,
}: {
  settings: MapSettings;
  onSaved(s: MapSettings): void;
}) {
  const client = useClient();
  const t = useT();
  const [draft, setDraft] = useState(settings);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const problem = tileTemplateProblem(draft.tileUrlTemplate.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = mapSettingsSchema.safeParse(draft);
    if (!parsed.success) {
      setMessage({ ok: false, text: problem ? t(problem) : t('ui.error.unexpected') });
      return;
    }
    client
      .call('map.settings.set', { settings: parsed.data })
      .then((s) => {
        setMessage({ ok: true, text: t('map.settings.saved') });
        onSaved(s);
      })
      .catch((err: unknown) => setMessage({ ok: false, text: translateError(t, errorCode(err)) }));
  };

  return (
    <details className="map-view__settings" data-testid="map-settings">
      <summary>{t('map.settings')}</summary>
      <form className="form-grid" onSubmit={submit} aria-label={t('map.settings')}>
        <p className="small form-grid__wide">{t('map.settings.hint')}</p>
        <label className="form-grid__wide">
          {t('map.settings.template')}
          <input
            value={draft.tileUrlTemplate}
            onChange={(e) => setDraft({ ...draft, tileUrlTemplate: e.target.value })}
            aria-invalid={problem ? true : undefined}
            data-testid="map-tile-template"
          />
          {problem ? (
            <span className="small error" data-testid="map-tile-template-problem">
              {t(problem)}
            </span>
          ) : null}
        </label>
        <label>
          {t('map.settings.attribution')}
          <input
            value={draft.attribution}
            onChange={(e) => setDraft({ ...draft, attribution: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.tilesEnabled}
            onChange={(e) => setDraft({ ...draft, tilesEnabled: e.target.checked })}
            data-testid="map-tiles-enabled"
          />
          {t('map.settings.enabled')}
        </label>
        <div className="form-grid__actions">
          <button type="submit" className="primary" disabled={!!problem}>
            {t('settings.save')}
          </button>
        </div>
        {message ? (
          <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        ) : null}
      </form>
    </details>
  );
}
