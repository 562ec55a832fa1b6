import { describe, expect, it } from 'vitest';
import {
  cameraPlateCountries,
  plateCountriesSchema,
} from '../../../../electron/shared/domain/plate-country';
import { plateReadRequestSchema } from '../../../../electron/shared/protocol/worker-protocol';

describe('plate countries of a camera', () => {
  it('one country, auto, or a list (the list wins when it holds several)', () => {
    expect(cameraPlateCountries({ plateCountry: 'PE' })).toBe('PE');
    expect(cameraPlateCountries({ plateCountry: 'auto' })).toBe('auto');
    expect(cameraPlateCountries({ plateCountry: 'PE', plateCountries: ['PE', 'BR'] })).toEqual([
      'PE',
      'BR',
    ]);
    expect(cameraPlateCountries({ plateCountries: ['ES'] })).toBe('ES');
    expect(cameraPlateCountries({})).toBeUndefined();
  });
  it('validates what travels to the worker', () => {
    expect(plateCountriesSchema.parse(['PE', 'CL'])).toEqual(['PE', 'CL']);
    expect(plateCountriesSchema.safeParse(['XX']).success).toBe(false);
    expect(plateCountriesSchema.safeParse([]).success).toBe(false);
    const req = { requestId: 'r', image: new Uint8Array([1]), country: 'auto' };
    expect(plateReadRequestSchema.parse(req).country).toBe('auto');
  });
});
