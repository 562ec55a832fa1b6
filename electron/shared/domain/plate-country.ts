import { z } from 'zod';

/** Countries whose plate formats the reader knows (formats themselves: inference/vision/plates). */
export const COUNTRY_CODES = [
  'PE',
  'ES',
  'BR',
  'AR',
  'CL',
  'CO',
  'MX',
  'US',
  'DE',
  'FR',
  'IT',
  'PT',
  'PL',
  'NL',
  'BE',
  'AT',
  'HR',
  'UK',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];
export const plateCountrySchema = z.enum(COUNTRY_CODES);

/** Every country's fixed layouts compete; the read reports which country won. */
export const PLATE_AUTO = 'auto';

/**
 * What a camera reads: one country, several (a border city, tourists; the first is the most
 * common) or `auto`.
 */
export type PlateCountries = CountryCode | readonly CountryCode[] | typeof PLATE_AUTO;
export const plateCountriesSchema = z.union([
  z.literal(PLATE_AUTO),
  plateCountrySchema,
  z.array(plateCountrySchema).min(1).max(COUNTRY_CODES.length).readonly(),
]);

export function isCountryCode(c: unknown): c is CountryCode {
  return typeof c === 'string' && (COUNTRY_CODES as readonly string[]).includes(c);
}

/**
 * The countries a camera reads from its settings: the list when it holds several, else the single
 * country (or `auto`); undefined lets every format compete.
 */
export function cameraPlateCountries(c: {
  plateCountry?: CountryCode | typeof PLATE_AUTO;
  plateCountries?: readonly CountryCode[];
}): PlateCountries | undefined {
  if (c.plateCountries && c.plateCountries.length > 1) return c.plateCountries;
  return c.plateCountries?.[0] ?? c.plateCountry;
}
