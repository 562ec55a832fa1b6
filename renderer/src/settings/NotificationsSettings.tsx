import { useCallback, useEffect, useState } from 'react';
import { useClient } from '../api/client-context';
import { errorCode, isUnavailable } from '../api/optional';
import { formatDateTime, translateError, translateOr, useI18n, useT } from '../i18n/i18n';
import { useSession } from '../state/session-store';
import { roleAllows } from '../../../electron/shared/api/methods/auth';
import { alarmCategorySchema } from '../../../electron/shared/domain/alarm';
import type {
  Channel,
  ChannelKind,
  Delivery,
  Route,
} from '../../../electron/shared/api/methods/notifications';
import type { MessageKey } from '../../../electron/shared/i18n';
import { SettingsMessage, type Msg } from './SettingsMessage';
import { TextField } from './TextField';
import { CheckField, CheckList } from './CheckField';
import {
  CHANNEL_KINDS,
  SECRET_LABEL,
  blankChannelForm,
  blankRouteForm,
  buildChannel,
  buildRoute,
  canRetry,
  channelFormOf,
  channelTarget,
  errorKey,
  routeFormOf,
  sortDeliveries,
  testOutcome,
  type ChannelForm,
  type FormProblem,
  type RouteForm,
  type SecretAction,
} from './notification-forms';

/** Whether this user may see Settings → Notifications (`notify.admin`; everyone without users). */
export function useCanAdminNotify(): boolean {
  const { auth, user } = useSession();
  if (auth === 'none') return true;
  return !!user && roleAllows(user.role, 'notify.admin');
}

/** Settings → Notifications: channels, routes and the delivery log, for administrators only. */
export function NotificationsSettings() {
  const allowed = useCanAdminNotify();
  return allowed ? <NotificationsCard /> : null;
}

function NotificationsCard() {
  const client = useClient();
  const t = useT();
  const [channels, setChannels] = useState<Channel[] | null>();
  const [routes, setRoutes] = useState<Route[]>([]);
  const [deliveries, setDeliveries] = useState<{ items: Delivery[]; pending: number }>();
  const [channelForm, setChannelForm] = useState<ChannelForm>();
  const [channelIsNew, setChannelIsNew] = useState(false);
  const [routeForm, setRouteForm] = useState<RouteForm>();
  const [msg, setMsg] = useState<Msg>();
  const [tests, setTests] = useState<Record<string, Msg | 'running'>>({});
  const fail = useCallback(
    (e: unknown) => setMsg({ kind: 'error', text: translateError(t, errorCode(e)) }),
    [t],
  );
  /** A failure class in words: our short wording, else the notification catalog's own text. */
  const describeCode = (code: string) => {
    const key = errorKey(code);
    return key === 'notifyUi.error.other' ? translateOr(t, code, t(key)) : t(key);
  };
  const problem = (p: FormProblem) =>
    setMsg({
      kind: 'error',
      text: (t as (k: MessageKey, p?: Record<string, string>) => string)(p.key, p.params),
    });

  const load = useCallback(() => {
    client
      .call('notify.channels', {})
      .then((r) => setChannels(r.items))
      .catch((e: unknown) => (isUnavailable(e) ? setChannels(null) : fail(e)));
    client
      .call('notify.routes', {})
      .then((r) => setRoutes(r.items))
      .catch(() => setRoutes([]));
    client
      .call('notify.deliveries', { limit: 100 })
      .then((r) => setDeliveries({ items: sortDeliveries(r.items), pending: r.pending }))
      .catch(() => setDeliveries(undefined));
  }, [client, fail]);
  useEffect(() => load(), [load]);

  const sendTest = (id: string) => {
    setTests((s) => ({ ...s, [id]: 'running' }));
    client
      .call('notify.testChannel', { id })
      .then((r) => {
        const o = testOutcome(r);
        const m: Msg = o.ok
          ? { kind: 'ok', text: t('notifyUi.testOk', { ms: Math.round(r.ms) }) }
          : {
              kind: 'error',
              text: t('notifyUi.testFailed', {
                reason: `${describeCode(o.code!)} (${o.code})${o.message ? `: ${o.message}` : ''}`,
              }),
            };
        setTests((s) => ({ ...s, [id]: m }));
      })
      .catch((e: unknown) =>
        setTests((s) => ({
          ...s,
          [id]: { kind: 'error', text: translateError(t, errorCode(e)) },
        })),
      );
  };

  const saveChannel = () => {
    if (!channelForm) return;
    const built = buildChannel(channelForm);
    if (!built.ok) return problem(built.problem);
    client
      .call('notify.saveChannel', built.params)
      .then((r) => {
        setMsg({ kind: 'ok', text: t('notifyUi.saved', { name: r.channel.name }) });
        setChannelForm(undefined);
        load();
      })
      .catch(fail);
  };

  const saveRoute = () => {
    if (!routeForm) return;
    const built = buildRoute(routeForm);
    if (!built.ok) return problem(built.problem);
    client
      .call('notify.saveRoute', built.route)
      .then((r) => {
        setMsg({ kind: 'ok', text: t('notifyUi.saved', { name: r.route.name }) });
        setRouteForm(undefined);
        load();
      })
      .catch(fail);
  };

  const remove = (what: 'channel' | 'route', id: string, name: string) => {
    if (!window.confirm(t('notifyUi.deleteConfirm', { name }))) return;
    (what === 'channel'
      ? client.call('notify.deleteChannel', { id })
      : client.call('notify.deleteRoute', { id })
    )
      .then(load)
      .catch(fail);
  };

  if (channels === null)
    return (
      <section className="card" aria-labelledby="notify-title">
        <h2 id="notify-title">{t('notifyUi.title')}</h2>
        <p className="muted">{t('notifyUi.unavailable')}</p>
      </section>
    );

  const channelName = new Map((channels ?? []).map((c) => [c.id, c.name]));
  return (
    <section className="card notifications" aria-labelledby="notify-title">
      <h2 id="notify-title">{t('notifyUi.title')}</h2>
      <h3>{t('notifyUi.channels')}</h3>
      {channels?.length ? (
        <table className="simple wide" data-testid="notify-channels">
          <thead>
            <tr>
              <th>{t('notifyUi.col.name')}</th>
              <th>{t('notifyUi.col.kind')}</th>
              <th>{t('notifyUi.col.target')}</th>
              <th>{t('notifyUi.col.secret')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => {
              const test = tests[c.id];
              return (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    {c.enabled ? '' : ` (${t('notifyUi.disabled')})`}
                  </th>
                  <td>{t(`notifyUi.kind.${c.settings.kind}`)}</td>
                  <td>{channelTarget(c)}</td>
                  <td>{t(c.hasSecret ? 'notifyUi.secret.stored' : 'notifyUi.secret.none')}</td>
                  <td>
                    <button
                      type="button"
                      disabled={test === 'running'}
                      onClick={() => sendTest(c.id)}
                    >
                      {test === 'running' ? t('notifyUi.testing') : t('notifyUi.test')}
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        setChannelIsNew(false);
                        setChannelForm(channelFormOf(c));
                      }}
                    >
                      {t('notifyUi.edit')}
                    </button>{' '}
                    <button type="button" onClick={() => remove('channel', c.id, c.name)}>
                      {t('notifyUi.delete')}
                    </button>
                    {test && test !== 'running' ? (
                      <div data-testid={`notify-test-${c.id}`}>
                        <SettingsMessage msg={test} />
                      </div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('notifyUi.channelsEmpty')}</p>
      )}
      {channelForm ? (
        <ChannelEditor
          form={channelForm}
          isNew={channelIsNew}
          setForm={setChannelForm}
          onSave={saveChannel}
          onCancel={() => setChannelForm(undefined)}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setChannelIsNew(true);
            setChannelForm(blankChannelForm());
          }}
        >
          {t('notifyUi.newChannel')}
        </button>
      )}

      <h3>{t('notifyUi.routes')}</h3>
      {routes.length ? (
        <table className="simple wide" data-testid="notify-routes">
          <tbody>
            {routes.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  {r.enabled ? '' : ` (${t('notifyUi.disabled')})`}
                </th>
                <td>
                  {t('notifyUi.route.summary', {
                    channels: r.channelIds.map((id) => channelName.get(id) ?? id).join(', '),
                    rate: r.ratePerMinute,
                    dedup: r.dedupSec,
                  })}
                </td>
                <td>
                  <button type="button" onClick={() => setRouteForm(routeFormOf(r))}>
                    {t('notifyUi.edit')}
                  </button>{' '}
                  <button type="button" onClick={() => remove('route', r.id, r.name)}>
                    {t('notifyUi.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('notifyUi.routesEmpty')}</p>
      )}
      {routeForm ? (
        <RouteEditor
          form={routeForm}
          setForm={setRouteForm}
          channels={channels ?? []}
          onSave={saveRoute}
          onCancel={() => setRouteForm(undefined)}
        />
      ) : (
        <button type="button" onClick={() => setRouteForm(blankRouteForm())}>
          {t('notifyUi.newRoute')}
        </button>
      )}
      <SettingsMessage msg={msg} />

      <DeliveryLog
        deliveries={deliveries}
        channelName={(id) => channelName.get(id) ?? id}
        onRefresh={load}
        onRetry={(id) => client.call('notify.retry', { id }).then(load).catch(fail)}
      />
    </section>
  );
}

/** Each channel kind's text fields, in the order shown. */
const CHANNEL_TEXT_FIELDS: Record<
  ChannelKind,
  Array<{
    key: 'url' | 'username' | 'from' | 'to' | 'chatId';
    label: MessageKey;
    placeholder?: string;
  }>
> = {
  webhook: [{ key: 'url', label: 'notifyUi.field.webhookUrl' }],
  email: [
    { key: 'url', label: 'notifyUi.field.smtpUrl', placeholder: 'smtps://smtp.example.org:465' },
    { key: 'username', label: 'notifyUi.field.username' },
    { key: 'from', label: 'notifyUi.field.from' },
    { key: 'to', label: 'notifyUi.field.to' },
  ],
  telegram: [
    { key: 'url', label: 'notifyUi.field.apiBase' },
    { key: 'chatId', label: 'notifyUi.field.chatId' },
  ],
  sms: [
    { key: 'url', label: 'notifyUi.field.gatewayUrl' },
    { key: 'to', label: 'notifyUi.field.phones' },
  ],
};

function ChannelEditor({
  form,
  isNew,
  setForm,
  onSave,
  onCancel,
}: {
  form: ChannelForm;
  isNew: boolean;
  setForm(f: ChannelForm): void;
  onSave(): void;
  onCancel(): void;
}) {
  const t = useT();
  const set = <K extends keyof ChannelForm>(k: K, v: ChannelForm[K]) =>
    setForm({ ...form, [k]: v });
  return (
    <form
      className="notify-form"
      data-testid="channel-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <label>
        {t('notifyUi.kind')}
        <select
          value={form.kind}
          onChange={(e) =>
            setForm({
              ...blankChannelForm(e.target.value as ChannelKind),
              id: form.id,
              name: form.name,
              enabled: form.enabled,
              hasSecret: form.hasSecret,
              secretAction: form.hasSecret ? 'keep' : 'replace',
            })
          }
        >
          {CHANNEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`notifyUi.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <TextField
        label={t('notifyUi.field.id')}
        value={form.id}
        readOnly={!isNew}
        onChange={(v) => set('id', v)}
      />
      <TextField
        label={t('notifyUi.field.name')}
        value={form.name}
        onChange={(v) => set('name', v)}
      />
      <CheckField
        label={t('notifyUi.enabled')}
        checked={form.enabled}
        onChange={(on) => set('enabled', on)}
      />
      {CHANNEL_TEXT_FIELDS[form.kind].map((f) => (
        <TextField
          key={`${form.kind}-${f.key}`}
          label={t(f.label)}
          value={form[f.key]}
          placeholder={f.placeholder}
          onChange={(v) => set(f.key, v)}
        />
      ))}
      {form.kind === 'webhook' ? (
        <label>
          {t('notifyUi.field.headers')}
          <textarea value={form.headers} onChange={(e) => set('headers', e.target.value)} />
        </label>
      ) : null}
      {form.kind === 'email' ? (
        <CheckField
          label={t('notifyUi.field.allowPlaintext')}
          checked={form.allowPlaintext}
          onChange={(on) => set('allowPlaintext', on)}
        />
      ) : null}
      <fieldset>
        <legend>
          {t(SECRET_LABEL[form.kind])}:{' '}
          <span data-testid="secret-state">
            {t(form.hasSecret ? 'notifyUi.secret.stored' : 'notifyUi.secret.none')}
          </span>
        </legend>
        {form.hasSecret
          ? (['keep', 'replace', 'remove'] as SecretAction[]).map((a) => (
              <label key={a}>
                <input
                  type="radio"
                  name="secret-action"
                  checked={form.secretAction === a}
                  onChange={() => setForm({ ...form, secretAction: a, secret: '' })}
                />
                {t(`notifyUi.secret.${a}`)}
              </label>
            ))
          : null}
        {form.secretAction === 'replace' ? (
          <label>
            {t(SECRET_LABEL[form.kind])}
            <input
              type="password"
              autoComplete="new-password"
              value={form.secret}
              onChange={(e) => set('secret', e.target.value)}
            />
          </label>
        ) : null}
        <p className="muted">{t('notifyUi.secret.writeOnly')}</p>
      </fieldset>
      <SaveCancel onCancel={onCancel} />
    </form>
  );
}

function RouteEditor({
  form,
  setForm,
  channels,
  onSave,
  onCancel,
}: {
  form: RouteForm;
  setForm(f: RouteForm): void;
  channels: Channel[];
  onSave(): void;
  onCancel(): void;
}) {
  const t = useT();
  const set = <K extends keyof RouteForm>(k: K, v: RouteForm[K]) => setForm({ ...form, [k]: v });
  return (
    <form
      className="notify-form"
      data-testid="route-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <TextField label={t('notifyUi.field.id')} value={form.id} onChange={(v) => set('id', v)} />
      <TextField
        label={t('notifyUi.field.name')}
        value={form.name}
        onChange={(v) => set('name', v)}
      />
      <CheckField
        label={t('notifyUi.enabled')}
        checked={form.enabled}
        onChange={(on) => set('enabled', on)}
      />
      <fieldset>
        <legend>{t('notifyUi.route.channels')}</legend>
        <CheckList
          options={channels.map((c) => c.id)}
          selected={form.channelIds}
          onChange={(ids) => set('channelIds', ids)}
          label={(id) => channels.find((c) => c.id === id)?.name ?? id}
        />
      </fieldset>
      <fieldset>
        <legend>
          {t('notifyUi.route.match')} ({t('notifyUi.route.matchAll')})
        </legend>
        <div>
          {t('notifyUi.route.kinds')}:{' '}
          <CheckList
            options={['alarm', 'infraction', 'report', 'test'] as const}
            selected={form.kinds}
            onChange={(kinds) => set('kinds', kinds)}
            label={(k) => t(`notifyUi.route.kind.${k}`)}
          />
        </div>
        <div>
          {t('notifyUi.route.categories')}:{' '}
          <CheckList
            options={alarmCategorySchema.options}
            selected={form.categories}
            onChange={(categories) => set('categories', categories)}
            label={(c) => c}
          />
        </div>
        <TextField
          label={t('notifyUi.route.types')}
          value={form.types}
          onChange={(v) => set('types', v)}
        />
        <label>
          {t('notifyUi.route.maxPriority')}
          <select
            value={form.maxPriority}
            onChange={(e) => set('maxPriority', Number(e.target.value))}
          >
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label={t('notifyUi.route.cameras')}
          value={form.cameraIds}
          onChange={(v) => set('cameraIds', v)}
        />
        <TextField
          label={t('notifyUi.route.zones')}
          value={form.zoneIds}
          onChange={(v) => set('zoneIds', v)}
        />
      </fieldset>
      <TextField
        label={t('notifyUi.route.timeZone')}
        value={form.timeZone}
        onChange={(v) => set('timeZone', v)}
      />
      <TextField
        label={t('notifyUi.route.quietHours')}
        value={form.quietHours}
        placeholder="22:00-06:00"
        onChange={(v) => set('quietHours', v)}
      />
      <TextField
        label={t('notifyUi.route.rate')}
        value={form.ratePerMinute}
        inputMode="numeric"
        onChange={(v) => set('ratePerMinute', v)}
      />
      <TextField
        label={t('notifyUi.route.dedup')}
        value={form.dedupSec}
        inputMode="numeric"
        onChange={(v) => set('dedupSec', v)}
      />
      <SaveCancel onCancel={onCancel} />
    </form>
  );
}

/** An editor's save (submit) and cancel buttons. */
function SaveCancel({ onCancel }: { onCancel(): void }) {
  const t = useT();
  return (
    <div className="toolbar">
      <button type="submit">{t('notifyUi.save')}</button>
      <button type="button" onClick={onCancel}>
        {t('notifyUi.cancel')}
      </button>
    </div>
  );
}

function DeliveryLog({
  deliveries,
  channelName,
  onRefresh,
  onRetry,
}: {
  deliveries?: { items: Delivery[]; pending: number };
  channelName(id: string): string;
  onRefresh(): void;
  onRetry(id: string): void;
}) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  return (
    <>
      <h3>
        {t('notifyUi.deliveries')}{' '}
        <span className="muted" data-testid="outbox-depth">
          {t('notifyUi.outbox', { n: deliveries?.pending ?? 0 })}
        </span>{' '}
        <button type="button" onClick={onRefresh}>
          {t('notifyUi.refresh')}
        </button>
      </h3>
      {deliveries?.items.length ? (
        <table className="simple wide" data-testid="notify-deliveries">
          <thead>
            <tr>
              <th>{t('notifyUi.col.created')}</th>
              <th>{t('notifyUi.col.subject')}</th>
              <th>{t('notifyUi.col.channel')}</th>
              <th>{t('notifyUi.col.state')}</th>
              <th>{t('notifyUi.col.attempts')}</th>
              <th>{t('notifyUi.col.next')}</th>
              <th>{t('notifyUi.col.error')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.items.map((d) => (
              <tr key={d.id} className={d.state}>
                <td>{formatDateTime(locale, d.createdAt)}</td>
                <td>{d.subject}</td>
                <td>{channelName(d.channelId)}</td>
                <td>{t(`notifyUi.state.${d.state}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.nextAttemptAt ? formatDateTime(locale, d.nextAttemptAt) : ''}</td>
                <td>
                  {d.lastError
                    ? `${d.lastErrorCode ? `${t(errorKey(d.lastErrorCode))}: ` : ''}${d.lastError}`
                    : ''}
                </td>
                <td>
                  {canRetry(d) ? (
                    <button type="button" onClick={() => onRetry(d.id)}>
                      {t('notifyUi.retry')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('notifyUi.deliveriesEmpty')}</p>
      )}
    </>
  );
}
