import type { z } from 'zod';
import { systemMethods } from './methods/system';
import { cameraMethods } from './methods/cameras';
import { authMethods } from './methods/auth';
import { userMethods } from './methods/users';
import { infractionMethods } from './methods/infractions';
import { auditMethods } from './methods/audit';
import { fineMethods } from './methods/fines';
import { syncMethods } from './methods/sync';
import { plateMethods } from './methods/plates';
import { calibrationMethods } from './methods/calibration';
import { ruleMethods } from './methods/rules';
import { evidenceMethods } from './methods/evidence';
import { reportMethods } from './methods/reports';
import { modelMethods } from './methods/models';
import { alarmMethods } from './methods/alarms';
import { notificationMethods } from './methods/notifications';
import { reportScheduleMethods } from './methods/report-schedules';
import { signalMethods } from './methods/signals';
import { mqttMethods } from './methods/mqtt';
import { metricsMethods } from './methods/metrics';
import { apiKeyMethods } from './methods/api-keys';
import { inferenceMethods } from './methods/inference';
import { fleetMethods } from './methods/fleet';
import { registryMethods } from './methods/registry';
import { analyticsMethods } from './methods/analytics';
import { analyticsExportMethods } from './methods/analytics-exports';
import { trackMethods } from './methods/tracks';
import { safetyMethods } from './methods/safety';
import { plateStatsMethods } from './methods/plate-stats';
import { modelCompareMethods } from './methods/model-compare';
import { modelLabMethods } from './methods/model-lab';
import { onvifMethods } from './methods/onvif';
import { mapMethods } from './methods/map';
import type { MethodSpec } from './method-spec';

export {
  apiEvents,
  apiEventSpecs,
  eventPermission,
  type ApiEventTopic,
  type ApiEventPayload,
  type EventSpec,
} from './events';
export type { MethodSpec, Permission } from './method-spec';

/**
 * The one typed API between the renderer and the host. Methods are named by domain
 * (`<domain>.<verb>`), one methods file per domain; both ends validate params and results
 * against these schemas at runtime.
 */
export const apiMethods = {
  ...systemMethods,
  ...cameraMethods,
  ...authMethods,
  ...userMethods,
  ...infractionMethods,
  ...auditMethods,
  ...syncMethods,
  ...plateMethods,
  ...calibrationMethods,
  ...ruleMethods,
  ...evidenceMethods,
  ...reportMethods,
  ...modelMethods,
  ...alarmMethods,
  ...notificationMethods,
  ...reportScheduleMethods,
  ...signalMethods,
  ...mqttMethods,
  ...metricsMethods,
  ...apiKeyMethods,
  ...plateStatsMethods,
  ...inferenceMethods,
  ...fleetMethods,
  ...registryMethods,
  ...analyticsMethods,
  ...safetyMethods,
  ...fineMethods,
  ...modelCompareMethods,
  ...modelLabMethods,
  ...onvifMethods,
  ...mapMethods,
  ...trackMethods,
  ...analyticsExportMethods,
} satisfies Record<string, MethodSpec>;

export type ApiMethods = typeof apiMethods;
export type ApiMethod = keyof ApiMethods;
/** Params as a caller sends them (defaults still optional). */
export type ApiParams<M extends ApiMethod> = z.input<ApiMethods[M]['params']>;
/** Params as a handler receives them: validated by the dispatcher, defaults applied. */
export type ApiParsedParams<M extends ApiMethod> = z.output<ApiMethods[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.infer<ApiMethods[M]['result']>;

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiMethods, name);
}
