/** The outcome line under a settings form: a status when it went well, an alert when not. */
export type Msg = { kind: 'ok' | 'error'; text: string } | undefined;

export function SettingsMessage({ msg }: { msg: Msg }) {
  return msg ? (
    <p role={msg.kind === 'error' ? 'alert' : 'status'} className={msg.kind}>
      {msg.text}
    </p>
  ) : null;
}
