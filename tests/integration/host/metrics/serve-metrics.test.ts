import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../helpers/fixtures';
import { startServe, type ServeHandle } from '../../../helpers/watcher-serve';
import { until } from '../../../helpers/until';

/**
 * `GET /metrics` on the real `watcher serve` with its demo camera: who may scrape, what appears
 * once the camera runs, Prometheus' own lint on the text, and the Grafana dashboards against it.
 */
const METRICS_KEY = 'metrics-key-0123456789abcdef';
const PROMTOOL = '/usr/bin/promtool';
const dashboardsDir = path.join(repoRoot, 'resources', 'grafana', 'dashboards');

let serve: ServeHandle;

beforeAll(async () => {
  serve = await startServe({
    env: { WATCHER_METRICS_KEY: METRICS_KEY },
    processGroup: true,
    timeoutMs: 90_000,
  });
}, 120_000);

afterAll(async () => {
  await serve?.stop();
});

const metricsUrl = () => new URL('/metrics', serve.origin).toString();

async function scrape(headers: Record<string, string> = {}, query = ''): Promise<Response> {
  return fetch(metricsUrl() + query, { headers });
}

async function scrapeText(): Promise<string> {
  const res = await scrape({ Authorization: `Bearer ${METRICS_KEY}` });
  expect(res.status).toBe(200);
  return res.text();
}

/** Metric families of an exposition, from its TYPE lines. */
function families(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]));
}

function hasSample(text: string, pattern: RegExp): boolean {
  return text.split('\n').some((l) => !l.startsWith('#') && pattern.test(l));
}

describe('GET /metrics on watcher serve', () => {
  it('answers 401 without the token or the metrics key', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ Authorization: 'Bearer wrong-key-0123456789abcdef' })).status).toBe(401);
    // The metrics key opens /metrics only, never the UI or its API.
    const ui = await fetch(serve.baseUrl, { headers: { Authorization: `Bearer ${METRICS_KEY}` } });
    expect(ui.status).toBe(401);
    const health = await fetch(new URL('/healthz', serve.origin), {
      headers: { Authorization: `Bearer ${METRICS_KEY}` },
    });
    expect(health.status).toBe(401);
    // Nor does it work as the ?token= of the UI.
    expect((await scrape({}, `?token=${METRICS_KEY}`)).status).toBe(401);
  });

  it('answers 200 with the UI token and with the metrics key', async () => {
    const byToken = await scrape({ Authorization: `Bearer ${serve.token}` });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await byToken.text()).toMatch(/^# TYPE watcher_process_cpu_seconds_total counter$/m);
    expect((await scrape({}, `?token=${serve.token}`)).status).toBe(200);
    const byKey = await scrape({ Authorization: `Bearer ${METRICS_KEY}` });
    expect(byKey.status).toBe(200);
  });

  it('shows the demo camera fps and the workers stage histograms once it runs', async () => {
    let text = '';
    await until(
      async () => {
        text = await scrapeText();
        return (
          hasSample(text, /^watcher_camera_fps\{camera="demo"\} [1-9]/) &&
          hasSample(
            text,
            /^watcher_stage_duration_seconds_count\{camera="demo",stage="decode"\} [1-9]/,
          ) &&
          hasSample(
            text,
            /^watcher_stage_duration_seconds_count\{camera="demo",stage="track"\} [1-9]/,
          ) &&
          hasSample(text, /^watcher_worker_cpu_seconds_total\{worker="worker-1"\} \d/)
        );
      },
      120_000,
      `camera fps and stage histograms in /metrics\n${serve.output().slice(-2000)}`,
      500,
    );
    expect(text).toMatch(/^watcher_camera_state\{camera="demo",state="streaming"\} 1$/m);
    expect(
      hasSample(
        text,
        /^watcher_inference_duration_seconds_count\{model="motion",provider="motion"\} [1-9]/,
      ),
    ).toBe(true);
    expect(
      hasSample(text, /^watcher_worker_resident_memory_bytes\{worker="worker-1"\} [1-9]/),
    ).toBe(true);
    expect(hasSample(text, /^watcher_nodejs_eventloop_lag_seconds \d/)).toBe(true);
    // MQTT is not configured on this host: present, not connected, nothing queued.
    expect(text).toMatch(/^watcher_mqtt_connected 0$/m);
    expect(text).toMatch(/^watcher_mqtt_queue_messages 0$/m);
    expect(text).toMatch(/^watcher_mqtt_published_total 0$/m);
    expect(text).toMatch(/^watcher_mqtt_dropped_total 0$/m);
    // No label carries track ids, plates or event ids.
    expect(text).not.toMatch(/track(_?id)?=|plate=|infraction(_?id)?=/i);
  }, 150_000);

  it('passes promtool check metrics', async (ctx) => {
    if (!existsSync(PROMTOOL)) {
      console.log(`promtool check skipped: ${PROMTOOL} is not installed`);
      ctx.skip();
    }
    const text = await scrapeText();
    // The notification outbox's families are part of what promtool checks.
    for (const name of [
      'watcher_notify_outbox_depth',
      'watcher_notify_deliveries_total',
      'watcher_notify_retries_total',
    ])
      expect(families(text).has(name), name).toBe(true);
    expect(text).toMatch(/^watcher_notify_outbox_depth\{channel_kind="webhook"\} \d+$/m);
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('the Grafana dashboards are valid and only use metrics the host exposes', async () => {
    const names = families(await scrapeText());
    const exposed = (n: string) => names.has(n) || names.has(n.replace(/_(bucket|sum|count)$/, ''));
    const datasource = readFileSync(
      path.join(repoRoot, 'resources/grafana/provisioning/datasources/prometheus.yaml'),
      'utf8',
    );
    const uid = /^\s*uid:\s*(\S+)\s*$/m.exec(datasource)?.[1];
    expect(uid).toBeTruthy();
    const provider = readFileSync(
      path.join(repoRoot, 'resources/grafana/provisioning/dashboards/watcher.yaml'),
      'utf8',
    );
    expect(provider).toMatch(/type:\s*file/);
    const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['camera.json', 'control-room.json']);
    const uids = new Set<string>();
    for (const f of files) {
      const dash = JSON.parse(readFileSync(path.join(dashboardsDir, f), 'utf8')) as {
        uid: string;
        panels: {
          id: number;
          datasource?: { uid: string };
          targets: { expr: string; datasource?: { uid: string } }[];
        }[];
        templating: {
          list: { name: string; query?: { query: string }; datasource?: { uid: string } }[];
        };
      };
      expect(uids.has(dash.uid), `${f}: dashboard uid`).toBe(false);
      uids.add(dash.uid);
      const ids = dash.panels.map((p) => p.id);
      expect(new Set(ids).size, `${f}: unique panel ids`).toBe(ids.length);
      const exprs: string[] = [];
      for (const p of dash.panels) {
        expect(p.datasource?.uid, `${f}: panel ${p.id} datasource`).toBe(uid);
        expect(p.targets.length, `${f}: panel ${p.id} targets`).toBeGreaterThan(0);
        for (const t of p.targets) {
          expect(t.datasource?.uid ?? uid, `${f}: panel ${p.id} target datasource`).toBe(uid);
          exprs.push(t.expr);
        }
      }
      for (const v of dash.templating.list) {
        if (v.datasource) expect(v.datasource.uid).toBe(uid);
        if (v.query) exprs.push(v.query.query);
      }
      const used = new Set(exprs.flatMap((e) => e.match(/\bwatcher_[a-zA-Z0-9_]+/g) ?? []));
      expect(used.size, `${f}: metric names`).toBeGreaterThan(3);
      for (const name of used) expect(exposed(name), `${f}: ${name} is exposed`).toBe(true);
    }
    const camera = JSON.parse(readFileSync(path.join(dashboardsDir, 'camera.json'), 'utf8')) as {
      templating: { list: { name: string }[] };
      panels: { targets: { expr: string }[] }[];
    };
    expect(camera.templating.list.map((v) => v.name)).toContain('camera');
    expect(camera.panels.some((p) => p.targets.some((t) => t.expr.includes('$camera')))).toBe(true);
  });
});
