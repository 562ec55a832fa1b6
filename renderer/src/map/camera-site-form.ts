import type { CameraConfig } from '../../../electron/shared/config/camera';
import type { MaintenanceState } from '../../../electron/shared/config/camera-site';

/** The camera form's site and ONVIF fields as the inputs hold them (strings). */
export interface CameraSiteFormValues {
  siteName: string;
  lat: string;
  lon: string;
  heading: string;
  mountingNotes: string;
  maintenance: MaintenanceState;
  /** The ONVIF device service URL without user or password. */
  onvifUrl: string;
  onvifUser: string;
  /** Typed only: the stored password never comes back to the form ('' keeps it). */
  onvifPassword: string;
  onvifProfileToken: string;
  onvifPtz: boolean;
}

export const blankSiteForm: CameraSiteFormValues = {
  siteName: '',
  lat: '',
  lon: '',
  heading: '',
  mountingNotes: '',
  maintenance: 'in-service',
  onvifUrl: '',
  onvifUser: '',
  onvifPassword: '',
  onvifProfileToken: '',
  onvifPtz: false,
};

/** A URL's user (decoded) and the URL without user and password. */
export function splitUser(url: string): { url: string; user: string } {
  try {
    const u = new URL(url);
    const user = decodeURIComponent(u.username);
    u.username = '';
    u.password = '';
    return { url: u.href, user };
  } catch {
    return { url, user: '' };
  }
}

/** A URL with this user and password in its userinfo (percent-encoded); unparsable: as written. */
export function withUserinfo(url: string, user: string, password: string): string {
  if (!user) return url;
  try {
    const u = new URL(url);
    u.username = user;
    u.password = password;
    return u.href;
  } catch {
    return url;
  }
}

export function siteFormOf(c: CameraConfig): CameraSiteFormValues {
  const s = c.site;
  const onvif = c.onvif ? splitUser(c.onvif.url) : { url: '', user: '' };
  return {
    siteName: s?.name ?? '',
    lat: s?.position ? String(s.position.lat) : '',
    lon: s?.position ? String(s.position.lon) : '',
    heading: s?.headingDeg === undefined ? '' : String(s.headingDeg),
    mountingNotes: s?.mountingNotes ?? '',
    maintenance: s?.maintenance ?? 'in-service',
    onvifUrl: onvif.url,
    onvifUser: onvif.user,
    onvifPassword: '',
    onvifProfileToken: c.onvif?.profileToken ?? '',
    onvifPtz: c.onvif?.ptz ?? false,
  };
}

/**
 * The camera's `site` (unparsed: the schema validates it), or undefined when the form says
 * nothing about it. A latitude without a longitude (or the reverse, or a word) reaches the schema
 * as NaN and is refused there, never silently dropped.
 */
export function siteOf(f: CameraSiteFormValues): unknown {
  const lat = f.lat.trim();
  const lon = f.lon.trim();
  const heading = f.heading.trim();
  const empty =
    !f.siteName.trim() &&
    !lat &&
    !lon &&
    !heading &&
    !f.mountingNotes.trim() &&
    f.maintenance === 'in-service';
  if (empty) return undefined;
  const num = (s: string) => (s === '' ? NaN : Number(s.replace(',', '.')));
  return {
    ...(f.siteName.trim() ? { name: f.siteName.trim() } : {}),
    ...(lat || lon ? { position: { lat: num(lat), lon: num(lon) } } : {}),
    ...(heading ? { headingDeg: num(heading) } : {}),
    ...(f.mountingNotes.trim() ? { mountingNotes: f.mountingNotes.trim() } : {}),
    maintenance: f.maintenance,
  };
}

/** The camera's `onvif`, its user and typed password put into the URL (sealed by the host). */
export function onvifOf(f: CameraSiteFormValues): unknown {
  const url = f.onvifUrl.trim();
  if (!url) return undefined;
  return {
    url: withUserinfo(url, f.onvifUser.trim(), f.onvifPassword),
    ...(f.onvifProfileToken ? { profileToken: f.onvifProfileToken } : {}),
    ptz: f.onvifPtz,
  };
}
