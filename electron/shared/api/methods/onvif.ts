import { z } from 'zod';
import { cameraIdSchema } from '../../config/camera';
import { onvifDeviceUrlSchema } from '../../config/camera-site';
import type { MethodSpec } from '../method-spec';

const ipv4 = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'an IPv4 address')
  .refine((a) => a.split('.').every((p) => Number(p) <= 255), 'an IPv4 address');

export const onvifProfileSchema = z.object({
  token: z.string(),
  name: z.string(),
  encoding: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  fps: z.number().optional(),
  ptz: z.boolean(),
  /** The profile's RTSP URI as the device gave it (it goes through the camera source checks). */
  streamUri: z.string().optional(),
  /** Why there is no usable URI (i18n code), e.g. a device answering with a non-RTSP URI. */
  streamErrorCode: z.string().optional(),
});
export type OnvifProfileView = z.infer<typeof onvifProfileSchema>;

export const onvifPresetSchema = z.object({ token: z.string(), name: z.string() });

/**
 * ONVIF cameras: WS-Discovery on the local network, reading a device's profiles and stream URIs
 * into the camera form (configuration), and PTZ presets from the wall (live operators).
 */
export const onvifMethods = {
  'onvif.discover': {
    params: z
      .object({
        timeoutMs: z.number().int().min(200).max(10_000).default(3000),
        /** One device (unicast) instead of the multicast group. */
        address: ipv4.optional(),
        port: z.number().int().min(1).max(65_535).optional(),
      })
      .strict(),
    result: z.array(
      z.object({
        endpoint: z.string(),
        xaddrs: z.array(z.string()),
        scopes: z.array(z.string()),
        name: z.string().optional(),
        hardware: z.string().optional(),
        from: z.string(),
      }),
    ),
    permission: 'config',
  },
  /** Device information, profiles and their RTSP stream URIs of one device. */
  'onvif.probe': {
    params: z
      .object({
        /** The device service URL, without credentials (they come apart). */
        url: onvifDeviceUrlSchema,
        username: z.string().max(200).optional(),
        password: z.string().max(200).optional(),
        /** Editing a saved camera: its stored password is used when none is typed. */
        cameraId: cameraIdSchema.optional(),
      })
      .strict(),
    result: z.object({
      device: z.object({
        manufacturer: z.string().optional(),
        model: z.string().optional(),
        firmwareVersion: z.string().optional(),
        serialNumber: z.string().optional(),
        hardwareId: z.string().optional(),
      }),
      ptz: z.boolean(),
      profiles: z.array(onvifProfileSchema),
    }),
    permission: 'config',
  },
  'ptz.presets': {
    params: z.object({ cameraId: cameraIdSchema }).strict(),
    result: z.array(onvifPresetSchema),
    permission: 'ptz',
  },
  'ptz.goto': {
    params: z
      .object({ cameraId: cameraIdSchema, presetToken: z.string().min(1).max(200) })
      .strict(),
    result: z.object({ ok: z.literal(true) }),
    permission: 'ptz',
  },
} satisfies Record<string, MethodSpec>;
