import { translateOr, translator, type Locale } from '../../shared/i18n';
import type { NotifyEvent } from './notify-event';

/** The human text of a notification, in the configured locale (Spanish first). */
export interface MessageSummary {
  title: string;
  rows: Array<{ label: string; value: string }>;
  footer: string;
}

export function summarize(ev: NotifyEvent, locale: Locale, timeZone = 'America/Lima'): MessageSummary {
  const t = translator(locale);
  const camera = ev.cameraId ?? '—';
  const what = ev.messageKey
    ? translateOr(t, ev.messageKey, ev.type ?? ev.kind, ev.params)
    : (ev.type ?? ev.kind);
  const title =
    ev.kind === 'alarm'
      ? t('notify.message.alarm', { priority: ev.priority ?? 4, what, camera })
      : ev.kind === 'infraction'
        ? t('notify.message.infraction', { what, camera })
        : ev.kind === 'report'
          ? t('notify.message.report', { what })
          : t('notify.message.test');
  let when: string;
  try {
    when = new Date(ev.at).toLocaleString(locale === 'es' ? 'es-PE' : 'en-US', { timeZone });
  } catch {
    when = new Date(ev.at).toISOString();
  }
  const rows = [{ label: t('notify.message.when'), value: when }];
  if (ev.cameraId) rows.push({ label: t('notify.message.camera'), value: ev.cameraId });
  if (ev.zoneId) rows.push({ label: t('notify.message.zone'), value: ev.zoneId });
  if (ev.type) rows.push({ label: t('notify.message.type'), value: ev.type });
  if (ev.priority !== undefined)
    rows.push({ label: t('notify.message.priority'), value: String(ev.priority) });
  if (ev.count && ev.count > 1) rows.push({ label: t('notify.message.count'), value: String(ev.count) });
  if (ev.plate) rows.push({ label: t('notify.message.plate'), value: ev.plate });
  return { title, rows, footer: t('notify.message.footer') };
}

export function plainText(s: MessageSummary): string {
  return [s.title, '', ...s.rows.map((r) => `${r.label}: ${r.value}`), '', s.footer].join('\n');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function html(s: MessageSummary, snapshotCid?: string, snapshotAlt = ''): string {
  const rows = s.rows
    .map(
      (r) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`,
    )
    .join('');
  const img = snapshotCid
    ? `<p><img src="cid:${escapeHtml(snapshotCid)}" alt="${escapeHtml(snapshotAlt)}" style="max-width:100%"></p>`
    : '';
  return `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(s.title)}</h2><table>${rows}</table>${img}<p style="color:#666">${escapeHtml(s.footer)}</p></body></html>`;
}
