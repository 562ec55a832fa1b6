import { CodedError } from '../../../shared/coded-error';
import { attr, child, list, text, xmlEscape } from './onvif-xml';
import { soapCall, type OnvifCredentials } from './soap-client';

const TDS = 'http://www.onvif.org/ver10/device/wsdl';
const TRT = 'http://www.onvif.org/ver10/media/wsdl';
const TPTZ = 'http://www.onvif.org/ver20/ptz/wsdl';
const TT = 'http://www.onvif.org/ver10/schema';

export interface OnvifDeviceInfo {
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  serialNumber?: string;
  hardwareId?: string;
}

export interface OnvifProfile {
  token: string;
  name: string;
  encoding?: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Whether the profile carries a PTZ configuration (presets are per profile). */
  ptz: boolean;
}

export interface OnvifPreset {
  token: string;
  name: string;
}

export interface OnvifServices {
  media?: string;
  ptz?: string;
}

const num = (v: unknown) => {
  const n = Number(text(v));
  return Number.isFinite(n) && text(v) !== undefined ? n : undefined;
};

/**
 * One ONVIF device as reached through its device service URL: the calls Watcher uses (Profile S
 * with PTZ), each one SOAP request with a fresh UsernameToken.
 */
export class OnvifDevice {
  private services?: OnvifServices;

  constructor(
    readonly url: string,
    private readonly credentials: OnvifCredentials | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  private call(url: string, body: string) {
    return soapCall({ url, body, credentials: this.credentials, timeoutMs: this.timeoutMs });
  }

  async deviceInformation(): Promise<OnvifDeviceInfo> {
    const body = await this.call(this.url, `<GetDeviceInformation xmlns="${TDS}"/>`);
    const r = child(body, 'GetDeviceInformationResponse');
    if (!r) throw new CodedError('onvif.error.notOnvif', `${this.url}: no device information`);
    return {
      manufacturer: text(child(r, 'Manufacturer')),
      model: text(child(r, 'Model')),
      firmwareVersion: text(child(r, 'FirmwareVersion')),
      serialNumber: text(child(r, 'SerialNumber')),
      hardwareId: text(child(r, 'HardwareId')),
    };
  }

  /** Where the media and PTZ services are (GetCapabilities, which every Profile S device has). */
  async capabilities(): Promise<OnvifServices> {
    if (this.services) return this.services;
    const body = await this.call(
      this.url,
      `<GetCapabilities xmlns="${TDS}"><Category>All</Category></GetCapabilities>`,
    );
    const caps = child(body, 'GetCapabilitiesResponse', 'Capabilities');
    if (!caps) throw new CodedError('onvif.error.notOnvif', `${this.url}: no capabilities`);
    this.services = {
      media: this.rebase(text(child(caps, 'Media', 'XAddr'))),
      ptz: this.rebase(text(child(caps, 'PTZ', 'XAddr'))),
    };
    return this.services;
  }

  /**
   * A service address on the device URL's own scheme, host and port: devices behind NAT announce
   * their inside address, and the credentials must never be sent to any other host than the one
   * they were given for.
   */
  private rebase(xaddr: string | undefined): string | undefined {
    if (!xaddr) return undefined;
    try {
      const service = new URL(xaddr);
      const device = new URL(this.url);
      return new URL(service.pathname + service.search, device.origin).href;
    } catch {
      return undefined;
    }
  }

  private async mediaUrl(): Promise<string> {
    const media = (await this.capabilities()).media;
    if (!media) throw new CodedError('onvif.error.noMedia', `${this.url}: no media service`);
    return media;
  }

  private async ptzUrl(): Promise<string> {
    const ptz = (await this.capabilities()).ptz;
    if (!ptz) throw new CodedError('onvif.error.noPtz', `${this.url}: the device has no PTZ`);
    return ptz;
  }

  async profiles(): Promise<OnvifProfile[]> {
    const body = await this.call(await this.mediaUrl(), `<GetProfiles xmlns="${TRT}"/>`);
    return list(child(body, 'GetProfilesResponse', 'Profiles')).flatMap((p) => {
      const token = attr(p, 'token');
      if (!token) return [];
      const video = child(p, 'VideoEncoderConfiguration');
      return [
        {
          token,
          name: text(child(p, 'Name')) ?? token,
          encoding: text(child(video, 'Encoding')),
          width: num(child(video, 'Resolution', 'Width')),
          height: num(child(video, 'Resolution', 'Height')),
          fps: num(child(video, 'RateControl', 'FrameRateLimit')),
          ptz: child(p, 'PTZConfiguration') !== undefined,
        },
      ];
    });
  }

  /** The profile's RTSP URI, RTP over RTSP over TCP (`Protocol` RTSP: interleaved). */
  async streamUri(profileToken: string): Promise<string> {
    const body = await this.call(
      await this.mediaUrl(),
      `<GetStreamUri xmlns="${TRT}"><StreamSetup><Stream xmlns="${TT}">RTP-Unicast</Stream>` +
        `<Transport xmlns="${TT}"><Protocol>RTSP</Protocol></Transport></StreamSetup>` +
        `<ProfileToken>${xmlEscape(profileToken)}</ProfileToken></GetStreamUri>`,
    );
    const uri = text(child(body, 'GetStreamUriResponse', 'MediaUri', 'Uri'));
    if (!uri) throw new CodedError('onvif.error.notOnvif', `${this.url}: no stream URI`);
    return uri;
  }

  async presets(profileToken: string): Promise<OnvifPreset[]> {
    const body = await this.call(
      await this.ptzUrl(),
      `<GetPresets xmlns="${TPTZ}"><ProfileToken>${xmlEscape(profileToken)}</ProfileToken></GetPresets>`,
    );
    return list(child(body, 'GetPresetsResponse', 'Preset')).flatMap((p) => {
      const token = attr(p, 'token');
      return token ? [{ token, name: text(child(p, 'Name')) ?? token }] : [];
    });
  }

  async gotoPreset(profileToken: string, presetToken: string): Promise<void> {
    await this.call(
      await this.ptzUrl(),
      `<GotoPreset xmlns="${TPTZ}"><ProfileToken>${xmlEscape(profileToken)}</ProfileToken>` +
        `<PresetToken>${xmlEscape(presetToken)}</PresetToken></GotoPreset>`,
    );
  }
}

/** The user and password in a device URL's userinfo, and the URL without them. */
export function credentialsOfUrl(url: string): {
  url: string;
  credentials?: OnvifCredentials;
} {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CodedError('onvif.error.badUrl', 'not a valid ONVIF address');
  }
  if (!/^https?:$/.test(u.protocol))
    throw new CodedError('onvif.error.badUrl', 'the ONVIF address must be http(s)');
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  return { url: u.href, credentials: username ? { username, password } : undefined };
}
