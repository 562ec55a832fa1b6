import { spawn } from 'node:child_process';
import type { z } from 'zod';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure, describeZodError } from '../../shared/api/envelope';
import { calibrationConfigSchema } from '../../shared/config/calibration';
import { ruleSetSchema } from '../../shared/config/rules';
import {
  calibrationDraftSchema,
  ruleSetDraftSchema,
  toCalibrationConfig,
  toRuleSetConfig,
  fromCalibrationConfig,
  fromRuleSetConfig,
} from '../../shared/api/methods/ui';
import type { InfractionRecord } from '../../shared/api/methods/store';
import type { CameraSource } from '../../shared/config/camera';
import { redactSecrets } from '../../shared/util/redact';
import { inputArgs } from '../../../inference/worker/camera/source-input';
import { solveCalibration } from '../../../inference/vision/calibration/calibrate';
import { WorkerRequestError } from '../workers/worker-supervisor';
import { createReportHandlers, type ReportHandlerDeps } from './report-handlers';
import type { ControlRoomHost } from '../control-room-host';
import type { ConnectionContext, HandlerMap } from '../api-types';

/** A calibration or rule-set version as the store's ConfigRepo returns it. */
export interface VersionedRecord {
  cameraId: string;
  version: number;
  data: unknown;
  createdAt: number;
  createdBy: string;
}

/** The slice of the store's ConfigRepo the calibration tool needs; ConfigRepo satisfies it. */
export interface VersionedConfigs {
  addCalibration(cameraId: string, data: unknown, actor: string): VersionedRecord;
  calibration(cameraId: string, version?: number): VersionedRecord | undefined;
  addRuleSet(cameraId: string, data: unknown, actor: string): VersionedRecord;
  ruleSet(cameraId: string, version?: number): VersionedRecord | undefined;
}

export interface UiHandlerDeps {
  /** The store's ConfigRepo once the host has a store; until then versions live in JSON files. */
  configs?: VersionedConfigs;
  /** The store's database for reports; without it only the system report can be exported. */
  reportDb?: ReportHandlerDeps['db'];
  /** Evidence files of stored infractions: the evidence root and the store's infraction lookup. */
  evidence?: { root: string; get(id: string): InfractionRecord | undefined };
}

/** How long the host waits for a worker's replay in test mode. */
const SCENE_TEST_TIMEOUT_MS = 15_000;

/** Evidence larger than this is not sent over the API (a clip is normally a few MB). */
const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/**
 * Append-only versions in `<dataDir>/ui-config/<kind>-<cameraId>.json`, used while the host runs
 * without the SQLite store. Written atomically (temp file + rename).
 */
export class FileVersionedConfigs implements VersionedConfigs {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  addCalibration(cameraId: string, data: unknown, actor: string): VersionedRecord {
    return this.add('calibration', cameraId, data, actor);
  }
  calibration(cameraId: string, version?: number): VersionedRecord | undefined {
    return this.get('calibration', cameraId, version);
  }
  addRuleSet(cameraId: string, data: unknown, actor: string): VersionedRecord {
    return this.add('rules', cameraId, data, actor);
  }
  ruleSet(cameraId: string, version?: number): VersionedRecord | undefined {
    return this.get('rules', cameraId, version);
  }

  private file(kind: string, cameraId: string): string {
    // cameraId is validated to [A-Za-z0-9_-] by the API schema, so it is safe in a file name.
    return path.join(this.dir, `${kind}-${cameraId}.json`);
  }

  private read(kind: string, cameraId: string): VersionedRecord[] {
    const f = this.file(kind, cameraId);
    if (!existsSync(f)) return [];
    try {
      const parsed = JSON.parse(readFileSync(f, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as VersionedRecord[]) : [];
    } catch {
      throw new ApiFailure('ui.config.corrupt', `${f} is not valid JSON`);
    }
  }

  private add(kind: string, cameraId: string, data: unknown, actor: string): VersionedRecord {
    const all = this.read(kind, cameraId);
    const rec: VersionedRecord = {
      cameraId,
      version: (all.at(-1)?.version ?? 0) + 1,
      data,
      createdAt: this.now(),
      createdBy: actor,
    };
    mkdirSync(this.dir, { recursive: true });
    const f = this.file(kind, cameraId);
    writeFileSync(`${f}.tmp`, JSON.stringify([...all, rec]));
    renameSync(`${f}.tmp`, f);
    return rec;
  }

  private get(kind: string, cameraId: string, version?: number): VersionedRecord | undefined {
    const all = this.read(kind, cameraId);
    return version === undefined ? all.at(-1) : all.find((r) => r.version === version);
  }
}

const actorOf = (ctx: ConnectionContext): string => ctx.session?.username ?? 'local';

export function createUiHandlers(host: ControlRoomHost, given: UiHandlerDeps = {}): HandlerMap {
  // A host with a store keeps versions, reports and evidence there; without one, versions go to
  // JSON files and store-only features answer with a clear code.
  const services = host.services;
  const deps: UiHandlerDeps = {
    configs: given.configs ?? services?.store.config,
    reportDb: given.reportDb ?? services?.store.db,
    evidence:
      given.evidence ??
      (services && {
        root: services.evidenceRoot,
        get: (id: string) => services.store.infractions.get(id),
      }),
  };
  const configs =
    deps.configs ?? new FileVersionedConfigs(path.join(host.opts.dataDir, 'ui-config'));

  /**
   * A stored version as the editor's draft. Versions are stored in the tracking/rules areas'
   * shapes (what the workers load) with the editor's draft under `editor`; a version written by
   * another tool has no `editor` and is converted back from the config itself.
   */
  function versioned<T>(
    rec: VersionedRecord | undefined,
    schema: z.ZodType<T>,
    fromConfig: (data: unknown) => T | undefined,
  ) {
    if (!rec) return null;
    const editor = schema.safeParse((rec.data as { editor?: unknown } | null)?.editor);
    const data = editor.success ? editor.data : fromConfig(rec.data);
    if (data === undefined)
      throw new ApiFailure(
        'ui.config.incompatible',
        `version ${rec.version} of camera ${rec.cameraId} has an unexpected shape`,
        {
          version: rec.version,
        },
      );
    return { version: rec.version, createdAt: rec.createdAt, createdBy: rec.createdBy, data };
  }

  const requireCamera = (id: string): void => {
    if (!host.cameras.get(id))
      throw new ApiFailure('camera.not_found', `no camera "${id}"`, { id });
  };

  return {
    'ui.calibration.get': ({ cameraId, version }) => {
      requireCamera(cameraId);
      return {
        calibration: versioned(
          configs.calibration(cameraId, version),
          calibrationDraftSchema,
          (d) => {
            const c = calibrationConfigSchema.safeParse(d);
            return c.success ? fromCalibrationConfig(c.data) : undefined;
          },
        ),
      };
    },
    'ui.calibration.save': ({ cameraId, data }, ctx) => {
      requireCamera(cameraId);
      const draft = calibrationDraftSchema.parse(data);
      const config = calibrationConfigSchema.safeParse(
        toCalibrationConfig(draft, (configs.calibration(cameraId)?.version ?? 0) + 1),
      );
      if (!config.success)
        throw new ApiFailure('ui.calibration.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      const rec = configs.addCalibration(cameraId, { ...config.data, editor: draft }, actorOf(ctx));
      return { version: rec.version, createdAt: rec.createdAt, createdBy: rec.createdBy };
    },
    'ui.rules.get': ({ cameraId, version }) => {
      requireCamera(cameraId);
      return {
        ruleSet: versioned(configs.ruleSet(cameraId, version), ruleSetDraftSchema, (d) => {
          const r = ruleSetSchema.safeParse(d);
          return r.success ? fromRuleSetConfig(r.data) : undefined;
        }),
      };
    },
    'ui.rules.save': ({ cameraId, data }, ctx) => {
      requireCamera(cameraId);
      const draft = ruleSetDraftSchema.parse(data);
      // The rules engine's own checks (ids, references) gate the save.
      const config = ruleSetSchema.safeParse(
        toRuleSetConfig(draft, (configs.ruleSet(cameraId)?.version ?? 0) + 1),
      );
      if (!config.success)
        throw new ApiFailure('ui.rules.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      const rec = configs.addRuleSet(cameraId, { ...config.data, editor: draft }, actorOf(ctx));
      return { version: rec.version, createdAt: rec.createdAt, createdBy: rec.createdBy };
    },
    'ui.rules.test': async ({ cameraId, calibration, rules, seconds }) => {
      const camera = host.cameras.get(cameraId);
      if (!camera)
        throw new ApiFailure('camera.not_found', `no camera "${cameraId}"`, { id: cameraId });
      if (!camera.enabled)
        throw new ApiFailure('ui.rules.test.notRunning', `camera ${cameraId} is disabled`);
      // The draft goes through the same conversions and checks as a save, as version 0.
      const ruleSet = ruleSetSchema.safeParse(toRuleSetConfig(ruleSetDraftSchema.parse(rules), 0));
      if (!ruleSet.success)
        throw new ApiFailure('ui.rules.invalid', describeZodError(ruleSet.error), {
          details: describeZodError(ruleSet.error),
        });
      if (ruleSet.data.rules.length === 0)
        throw new ApiFailure('ui.rules.test.noRules', 'the draft has no rule to test');
      let cal;
      if (calibration) {
        const draft = calibrationDraftSchema.parse(calibration);
        const parsed = calibrationConfigSchema.safeParse(toCalibrationConfig(draft, 0));
        if (!parsed.success)
          throw new ApiFailure('ui.calibration.invalid', describeZodError(parsed.error), {
            details: describeZodError(parsed.error),
          });
        const solved = solveCalibration(parsed.data);
        if (!solved.ok) {
          // The calibration area's own message for why (1-based point numbers, as the editor shows).
          const [a, b, c] = (solved.points ?? []).map((i) => i + 1);
          throw new ApiFailure(solved.code, `calibration cannot be used: ${solved.message}`, {
            count: draft.pairs.length,
            ...(a !== undefined ? { a } : {}),
            ...(b !== undefined ? { b } : {}),
            ...(c !== undefined ? { c } : {}),
          });
        }
        cal = parsed.data;
      }
      let result;
      try {
        result = await host.supervisor.testScene(
          {
            cameraId,
            ...(cal ? { calibration: cal } : {}),
            rules: ruleSet.data,
            seconds: seconds ?? 60,
          },
          SCENE_TEST_TIMEOUT_MS,
        );
      } catch (err) {
        if (err instanceof WorkerRequestError) throw new ApiFailure(err.code, err.message);
        throw err;
      }
      if (!result.ok) throw new ApiFailure(result.code, result.error);
      const { requestId: _r, ok: _ok, ...outcome } = result;
      if (!cal && ruleSet.data.rules.some((r) => r.type === 'speed'))
        outcome.problems.push({
          code: 'ui.rules.test.noCalibration',
          message: 'without a calibration there are no speeds: speed limits cannot be tested',
        });
      return outcome;
    },
    'ui.cameras.test': ({ source, timeoutMs }) =>
      grabOneFrame(host.ffmpeg.path, source as CameraSource, timeoutMs ?? 10_000),
    'ui.evidence.get': ({ infractionId, kind }) => {
      if (!deps.evidence)
        throw new ApiFailure('ui.evidence.noStore', 'this host has no evidence store');
      const rec = deps.evidence.get(infractionId);
      if (!rec)
        throw new ApiFailure('ui.evidence.notFound', `no infraction ${infractionId}`, {
          id: infractionId,
        });
      const file = rec.evidence.find((e) => e.kind === kind);
      if (!file) throw new ApiFailure('ui.evidence.missing', `infraction has no ${kind}`, { kind });
      if (file.prunedAt !== undefined)
        throw new ApiFailure('ui.evidence.pruned', `${kind} was deleted by retention`, { kind });
      if (!file.present)
        throw new ApiFailure(
          'ui.evidence.downloading',
          `${kind} is still downloading from the shared server`,
          { kind },
        );
      const root = path.resolve(deps.evidence.root);
      const full = path.resolve(root, file.path);
      if (!full.startsWith(root + path.sep))
        throw new ApiFailure('ui.evidence.notFound', 'evidence path escapes the evidence root');
      if (!existsSync(full))
        throw new ApiFailure('ui.evidence.fileMissing', `${file.path} is missing on disk`, {
          path: file.path,
        });
      if (statSync(full).size > MAX_EVIDENCE_BYTES)
        throw new ApiFailure('ui.evidence.tooLarge', `${file.path} is too large to send`);
      const bytes = readFileSync(full);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return {
        mime: file.mime,
        base64: bytes.toString('base64'),
        sha256,
        integrity: sha256 === file.sha256 ? ('ok' as const) : ('modified' as const),
      };
    },
    ...createReportHandlers(host, {
      db: deps.reportDb,
      ruleSet: (id: string) => configs.ruleSet(id),
    }),
  };
}

/** Maps ffmpeg's stderr to an i18n code; the English line (credentials redacted) goes along. */
export function classifyFfmpegError(stderr: string): string {
  if (/No such file or directory/i.test(stderr)) return 'ui.cameras.test.notFound';
  if (/401|Unauthorized|authorization failed/i.test(stderr)) return 'ui.cameras.test.unauthorized';
  if (
    /Connection refused|Network is unreachable|No route to host|Connection timed out|Name or service not known|Failed to resolve/i.test(
      stderr,
    )
  ) {
    return 'ui.cameras.test.unreachable';
  }
  if (/Invalid data found|could not find codec|moov atom not found/i.test(stderr))
    return 'ui.cameras.test.badStream';
  return 'ui.cameras.test.failed';
}

export interface FrameGrab {
  ok: boolean;
  jpegBase64?: string;
  width?: number;
  height?: number;
  errorCode?: string;
  error?: string;
  elapsedMs: number;
}

/** Opens the source as the worker would (without real-time pacing) and returns its first frame as JPEG. */
export function grabOneFrame(
  ffmpegPath: string,
  source: CameraSource,
  timeoutMs: number,
): Promise<FrameGrab> {
  const started = Date.now();
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...inputArgs(source).filter((a) => a !== '-re'),
    '-frames:v',
    '1',
    '-vf',
    "scale='min(1280,iw)':-2",
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ];
  return new Promise<FrameGrab>((resolve) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let done = false;
    const finish = (r: Omit<FrameGrab, 'elapsedMs'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({
        ok: false,
        errorCode: 'ui.cameras.test.timeout',
        error: `no frame within ${timeoutMs} ms`,
      });
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if (err.length < 8192) err += c.toString();
    });
    child.on('error', (e) =>
      finish({ ok: false, errorCode: 'ui.cameras.test.failed', error: redactSecrets(e.message) }),
    );
    child.on('close', (code) => {
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) {
        const size = jpegSize(jpeg);
        finish({ ok: true, jpegBase64: jpeg.toString('base64'), ...size });
        return;
      }
      const line =
        err.trim().split('\n').filter(Boolean).at(-1) ?? `ffmpeg exited with code ${code}`;
      finish({ ok: false, errorCode: classifyFfmpegError(err), error: redactSecrets(line) });
    });
  });
}

/** Width and height from a JPEG's SOF marker. */
function jpegSize(b: Buffer): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return {};
}
