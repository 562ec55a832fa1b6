import { describeZodError } from '../../shared/api/envelope';
import { toCalibrationConfig } from '../../shared/api/methods/calibration';
import { fromRuleSetConfig, toRuleSetConfig } from '../../shared/api/methods/rules';
import { calibrationConfigSchema } from '../../shared/config/calibration';
import { ruleSetDraftSchema } from '../../shared/api/methods/rules';
import { ruleSetSchema } from '../../shared/config/rules';
import { CodedError } from '../../shared/coded-error';
import { solveCalibration } from '../../../inference/vision/calibration/calibrate';
import type { VersionedConfigs } from '../store/file-configs';
import type { WorkerSupervisor } from '../workers/worker-supervisor';
import type { ConnectionContext, DomainHandlers } from '../api-types';
import { draftOf, requireCamera, savedVersion } from './versioned-drafts';

/** How long the host waits for a worker's replay in test mode. */
const SCENE_TEST_TIMEOUT_MS = 15_000;

/**
 * What `rules.*` needs: versioned configs, the cameras (test mode needs a running one) and the
 * workers that replay a draft on recent detections.
 */
export interface RuleContext {
  configs: Pick<VersionedConfigs, 'ruleSet' | 'addRuleSet'>;
  cameras: { get(id: string): { enabled: boolean } | undefined };
  testScene: WorkerSupervisor['testScene'];
}

const actorOf = (ctx: ConnectionContext): string => ctx.session?.username ?? 'local';

export function createRuleHandlers({
  configs,
  cameras,
  testScene,
}: RuleContext): DomainHandlers<'rules'> {
  return {
    'rules.get': ({ cameraId, version }) => {
      requireCamera(cameras, cameraId);
      return {
        ruleSet: draftOf(configs.ruleSet(cameraId, version), ruleSetDraftSchema, (d) => {
          const r = ruleSetSchema.safeParse(d);
          return r.success ? fromRuleSetConfig(r.data) : undefined;
        }),
      };
    },
    'rules.save': ({ cameraId, data: draft }, ctx) => {
      requireCamera(cameras, cameraId);
      // The rules engine's own checks (ids, references) gate the save.
      const config = ruleSetSchema.safeParse(
        toRuleSetConfig(draft, (configs.ruleSet(cameraId)?.version ?? 0) + 1),
      );
      if (!config.success)
        throw new CodedError('ui.rules.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      return savedVersion(
        configs.addRuleSet(cameraId, { ...config.data, editor: draft }, actorOf(ctx)),
      );
    },
    'rules.test': async ({ cameraId, calibration, rules, seconds }) => {
      const camera = cameras.get(cameraId);
      if (!camera)
        throw new CodedError('camera.not_found', `no camera "${cameraId}"`, { id: cameraId });
      if (!camera.enabled)
        throw new CodedError('ui.rules.test.notRunning', `camera ${cameraId} is disabled`);
      // The draft goes through the same conversions and checks as a save, as version 0.
      const ruleSet = ruleSetSchema.safeParse(toRuleSetConfig(rules, 0));
      if (!ruleSet.success)
        throw new CodedError('ui.rules.invalid', describeZodError(ruleSet.error), {
          details: describeZodError(ruleSet.error),
        });
      if (ruleSet.data.rules.length === 0)
        throw new CodedError('ui.rules.test.noRules', 'the draft has no rule to test');
      let cal;
      if (calibration) {
        const parsed = calibrationConfigSchema.safeParse(toCalibrationConfig(calibration, 0));
        if (!parsed.success)
          throw new CodedError('ui.calibration.invalid', describeZodError(parsed.error), {
            details: describeZodError(parsed.error),
          });
        const solved = solveCalibration(parsed.data);
        if (!solved.ok) {
          // The calibration area's own message for why (1-based point numbers, as the editor shows).
          const [a, b, c] = (solved.points ?? []).map((i) => i + 1);
          throw new CodedError(solved.code, `calibration cannot be used: ${solved.message}`, {
            count: calibration.pairs.length,
            ...(a !== undefined ? { a } : {}),
            ...(b !== undefined ? { b } : {}),
            ...(c !== undefined ? { c } : {}),
          });
        }
        cal = parsed.data;
      }
      // The supervisor rejects with a CodedError (not running, timeout, worker gone).
      const result = await testScene(
        { cameraId, ...(cal ? { calibration: cal } : {}), rules: ruleSet.data, seconds },
        SCENE_TEST_TIMEOUT_MS,
      );
      if (!result.ok) throw new CodedError(result.code, result.error);
      const { requestId: _r, ok: _ok, ...outcome } = result;
      if (!cal && ruleSet.data.rules.some((r) => r.type === 'speed'))
        outcome.problems.push({
          code: 'ui.rules.test.noCalibration',
          message: 'without a calibration there are no speeds: speed limits cannot be tested',
        });
      return outcome;
    },
  };
}
