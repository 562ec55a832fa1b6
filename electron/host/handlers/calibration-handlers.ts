import { describeZodError } from '../../shared/api/envelope';
import {
  calibrationDraftSchema,
  fromCalibrationConfig,
  toCalibrationConfig,
} from '../../shared/api/methods/calibration';
import { calibrationConfigSchema } from '../../shared/config/calibration';
import { CodedError } from '../../shared/coded-error';
import type { VersionedConfigs } from '../store/file-configs';
import type { ConnectionContext, DomainHandlers } from '../api-types';
import { draftOf, requireCamera, savedVersion } from './versioned-drafts';

/** What `calibration.*` needs: versioned configs (the store's, else JSON files) and the cameras. */
export interface CalibrationContext {
  configs: Pick<VersionedConfigs, 'calibration' | 'addCalibration'>;
  cameras: { get(id: string): unknown };
}

const actorOf = (ctx: ConnectionContext): string => ctx.session?.username ?? 'local';

export function createCalibrationHandlers({
  configs,
  cameras,
}: CalibrationContext): DomainHandlers<'calibration'> {
  return {
    'calibration.get': ({ cameraId, version }) => {
      requireCamera(cameras, cameraId);
      return {
        calibration: draftOf(
          configs.calibration(cameraId, version),
          calibrationDraftSchema,
          (d) => {
            const c = calibrationConfigSchema.safeParse(d);
            return c.success ? fromCalibrationConfig(c.data) : undefined;
          },
        ),
      };
    },
    'calibration.save': ({ cameraId, data: draft }, ctx) => {
      requireCamera(cameras, cameraId);
      const config = calibrationConfigSchema.safeParse(
        toCalibrationConfig(draft, (configs.calibration(cameraId)?.version ?? 0) + 1),
      );
      if (!config.success)
        throw new CodedError('ui.calibration.invalid', describeZodError(config.error), {
          details: describeZodError(config.error),
        });
      return savedVersion(
        configs.addCalibration(cameraId, { ...config.data, editor: draft }, actorOf(ctx)),
      );
    },
  };
}
