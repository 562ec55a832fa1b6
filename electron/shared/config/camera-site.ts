import { z } from 'zod';
import { isParsableUrl } from '../util/url-credentials';

/**
 * Where a camera is and what state its hardware is in, for a control room that runs a fleet of
 * them: the site it belongs to, its GPS position (WGS 84) and heading on the map, how it is mounted
 * and whether it is in service. Every field is optional, so cameras configured before these
 * existed still parse.
 */
export const maintenanceStateSchema = z.enum(['in-service', 'maintenance', 'out-of-service']);
export type MaintenanceState = z.infer<typeof maintenanceStateSchema>;
export const MAINTENANCE_STATES: readonly MaintenanceState[] = maintenanceStateSchema.options;

export const geoPositionSchema = z.object({
  lat: z.number().min(-90, 'latitude: -90 to 90').max(90, 'latitude: -90 to 90'),
  lon: z.number().min(-180, 'longitude: -180 to 180').max(180, 'longitude: -180 to 180'),
});
export type GeoPosition = z.infer<typeof geoPositionSchema>;

export const cameraSiteSchema = z.object({
  /** The site or place the camera belongs to (a junction, a building, a road section). */
  name: z.string().trim().min(1).max(120).optional(),
  position: geoPositionSchema.optional(),
  /** Where the camera looks, in degrees clockwise from north. */
  headingDeg: z.number().min(0, 'heading: 0 to 360°').max(360, 'heading: 0 to 360°').optional(),
  mountingNotes: z.string().max(2000).optional(),
  maintenance: maintenanceStateSchema.default('in-service'),
});
export type CameraSite = z.infer<typeof cameraSiteSchema>;

/**
 * The camera's ONVIF device service (`http://host/onvif/device_service`). Its user and password
 * travel in the URL's userinfo, so they are split out and encrypted at rest like a source URL's
 * credentials and never shown back (the UI sees `http://user@host/…`).
 */
export const onvifDeviceUrlSchema = z
  .string()
  .max(2048)
  .regex(/^https?:\/\//i, 'ONVIF address must start with http:// or https://')
  .refine(isParsableUrl, 'not a valid URL (percent-encode "/", "?", "#" or spaces in a password)');

export const cameraOnvifSchema = z.object({
  url: onvifDeviceUrlSchema,
  /** The media profile the camera's stream was taken from. */
  profileToken: z.string().min(1).max(200).optional(),
  /** Whether the device has a PTZ service (the tile then offers its presets). */
  ptz: z.boolean().default(false),
});
export type CameraOnvif = z.infer<typeof cameraOnvifSchema>;
