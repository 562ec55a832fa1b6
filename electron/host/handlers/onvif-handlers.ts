import { CodedError } from '../../shared/coded-error';
import { cameraSourceSchema, type CameraConfig } from '../../shared/config/camera';
import { splitUrlCredentials } from '../../shared/util/url-credentials';
import { credentialsOfUrl, OnvifDevice } from '../cameras/onvif/onvif-device';
import type { OnvifCredentials } from '../cameras/onvif/soap-client';
import { discoverOnvifDevices } from '../cameras/onvif/ws-discovery';
import type { AuditLog } from '../store/audit';
import { callerName, type DomainHandlers } from '../api-types';

/** What `onvif.*` and `ptz.*` need: the cameras (with stored credentials) and the audit log. */
export interface OnvifHandlerContext {
  cameras: { get(id: string): CameraConfig | undefined };
  audit?: Pick<AuditLog, 'append'>;
  /** Per SOAP call. */
  timeoutMs?: number;
}

/**
 * The credentials for a probe: typed ones win; editing a saved camera whose ONVIF address is the
 * same, its stored password is used (the form never holds it); else the URL's own userinfo.
 */
function probeCredentials(
  c: OnvifHandlerContext,
  p: { url: string; username?: string; password?: string; cameraId?: string },
): { url: string; credentials?: OnvifCredentials } {
  const given = credentialsOfUrl(p.url);
  const username = p.username || given.credentials?.username;
  const password = p.password || given.credentials?.password;
  if (!password && p.cameraId) {
    const stored = c.cameras.get(p.cameraId)?.onvif?.url;
    if (stored) {
      const s = credentialsOfUrl(stored);
      if (s.url === given.url && (!username || username === s.credentials?.username))
        return { url: given.url, credentials: s.credentials };
    }
  }
  return {
    url: given.url,
    credentials: username ? { username, password: password ?? '' } : undefined,
  };
}

function deviceOf(c: OnvifHandlerContext, cameraId: string) {
  const camera = c.cameras.get(cameraId);
  if (!camera)
    throw new CodedError('camera.not_found', `no camera "${cameraId}"`, { id: cameraId });
  if (!camera.onvif)
    throw new CodedError('onvif.error.notConfigured', `camera "${cameraId}" has no ONVIF address`);
  const { url, credentials } = credentialsOfUrl(camera.onvif.url);
  return { camera, device: new OnvifDevice(url, credentials, c.timeoutMs) };
}

/** The camera's PTZ profile: the one its stream came from, else the first one with PTZ. */
async function ptzProfile(device: OnvifDevice, camera: CameraConfig): Promise<string> {
  const profiles = await device.profiles();
  const chosen =
    profiles.find((p) => p.token === camera.onvif?.profileToken && p.ptz) ??
    profiles.find((p) => p.ptz);
  if (!chosen)
    throw new CodedError('onvif.error.noPtz', `camera "${camera.id}" has no PTZ profile`);
  return chosen.token;
}

export function createOnvifHandlers(
  c: OnvifHandlerContext,
): DomainHandlers<'onvif'> & DomainHandlers<'ptz'> {
  return {
    'onvif.discover': async ({ timeoutMs, address, port }) => {
      try {
        return await discoverOnvifDevices({ timeoutMs, address, port });
      } catch (e) {
        throw new CodedError('onvif.error.discovery', `WS-Discovery: ${(e as Error).message}`);
      }
    },
    'onvif.probe': async (p) => {
      const { url, credentials } = probeCredentials(c, p);
      const device = new OnvifDevice(url, credentials, c.timeoutMs);
      const info = await device.deviceInformation();
      const services = await device.capabilities();
      const profiles = await device.profiles();
      const withUris = [];
      for (const profile of profiles) {
        try {
          // What the device says is only a suggestion: it must be an RTSP URL the camera schema
          // takes, shown without any credential the device may have put in it.
          const uri = splitUrlCredentials(await device.streamUri(profile.token)).url;
          const ok = cameraSourceSchema.safeParse({ kind: 'rtsp', url: uri }).success;
          withUris.push(
            ok
              ? { ...profile, streamUri: uri }
              : { ...profile, streamErrorCode: 'onvif.error.streamNotRtsp' },
          );
        } catch (e) {
          if (e instanceof CodedError && e.code === 'onvif.error.auth') throw e;
          withUris.push({
            ...profile,
            streamErrorCode: e instanceof CodedError ? e.code : 'onvif.error.fault',
          });
        }
      }
      return { device: info, ptz: !!services.ptz, profiles: withUris };
    },
    'ptz.presets': async ({ cameraId }) => {
      const { camera, device } = deviceOf(c, cameraId);
      return device.presets(await ptzProfile(device, camera));
    },
    'ptz.goto': async ({ cameraId, presetToken }, ctx) => {
      const { camera, device } = deviceOf(c, cameraId);
      await device.gotoPreset(await ptzProfile(device, camera), presetToken);
      c.audit?.append(callerName(ctx, 'local'), 'ptz.goto', `camera:${cameraId}`, { presetToken });
      return { ok: true as const };
    },
  };
}
