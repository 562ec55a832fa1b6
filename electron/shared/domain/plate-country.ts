import { z } from 'zod';

/** Countries whose plate formats the reader knows (formats themselves: inference/vision/plates). */
export const COUNTRY_CODES = ['PE', 'ES', 'BR', 'AR', 'US'] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];
export const plateCountrySchema = z.enum(COUNTRY_CODES);
