/**
 * MQTT topic names built from Watcher's ids. A level is one segment between `/`: ids come from
 * configuration and workers, so anything that could add a level (`/`), subscribe wildcards
 * (`+`, `#`), the system prefix (`$`), NUL or whitespace is replaced; the result is never empty.
 */

/** One topic level from an arbitrary id: `[A-Za-z0-9_.-]` kept, everything else becomes `_`. */
export function topicLevel(id: string): string {
  const clean = id
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, 100);
  return clean === '' || /^\.+$/.test(clean) ? '_' : clean;
}

export interface MqttTopics {
  available: string;
  events: string;
  cameraStatus(cameraId: string): string;
  count(cameraId: string, zoneOrLineId: string, classLabel: string): string;
  /** Objects of a class inside a zone now. */
  occupancy(cameraId: string, zoneId: string, classLabel: string): string;
}

/** The topics under a (validated) prefix such as `watcher` or `site/watcher`. */
export function mqttTopics(prefix: string): MqttTopics {
  const p = prefix
    .split('/')
    .filter((l) => l !== '')
    .map(topicLevel)
    .join('/');
  const base = p === '' ? 'watcher' : p;
  return {
    available: `${base}/available`,
    events: `${base}/events`,
    cameraStatus: (cameraId) => `${base}/${topicLevel(cameraId)}/status`,
    count: (cameraId, zoneOrLineId, classLabel) =>
      `${base}/${topicLevel(cameraId)}/${topicLevel(zoneOrLineId)}/${topicLevel(classLabel)}`,
    occupancy: (cameraId, zoneId, classLabel) =>
      `${base}/${topicLevel(cameraId)}/${topicLevel(zoneId)}/${topicLevel(classLabel)}/occupancy`,
  };
}
