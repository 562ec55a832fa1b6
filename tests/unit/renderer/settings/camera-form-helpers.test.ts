import { describe, expect, it } from 'vitest';
import {
  blankCameraForm,
  buildCamera,
  CAMERA_ID_PATTERN,
  formOf,
  idFromName,
  withKind,
  withName,
} from '../../../../renderer/src/settings/camera-form';
import { cameraConfigSchema } from '../../../../electron/shared/config/camera';

describe('camera form helpers', () => {
  it('the id pattern compiles with the v flag (as browsers compile `pattern`) and matches the schema', () => {
    const v = new RegExp(`^(?:${CAMERA_ID_PATTERN})$`, 'v');
    for (const id of ['cam-1', 'North_gate', 'a', 'x-y_z-9'])
      expect([id, v.test(id), cameraConfigSchema.shape.id.safeParse(id).success]).toEqual([
        id,
        true,
        true,
      ]);
    for (const id of ['cam 1', 'cámara', 'a/b', 'a.b'])
      expect([id, v.test(id), cameraConfigSchema.shape.id.safeParse(id).success]).toEqual([
        id,
        false,
        false,
      ]);
    // The old, unescaped pattern is what the v flag rejects.
    // (Built at run time: the linter rightly refuses it as a literal.)
    const unescaped = ['[A-Za-z0-9_', '-]+'].join('');
    expect(() => new RegExp(unescaped, 'v')).toThrow();
  });

  it('derives the id from the name until the id is typed by hand', () => {
    expect(idFromName('Cámara Norte — Av. Perú 12')).toBe('camara-norte-av-peru-12');
    expect(idFromName('  ---  ')).toBe('');
    expect(idFromName('x'.repeat(80))).toHaveLength(64);
    let f = withName(blankCameraForm, 'Puerta', false);
    expect(f.id).toBe('puerta');
    f = withName(f, 'Puerta Sur', false);
    expect(f.id).toBe('puerta-sur');
    f = withName({ ...f, id: 'gate-7' }, 'Puerta Este', false);
    expect(f.id).toBe('gate-7');
    // Editing: the id is the camera's and stays.
    expect(withName({ ...blankCameraForm, id: 'old', name: 'Old' }, 'New', true).id).toBe('old');
  });

  it('clears the location when the kind changes and keeps the loop of a file', () => {
    const f = withKind({ ...blankCameraForm, location: 'rtsp://cam/1', loop: true }, 'file');
    expect(f).toMatchObject({ kind: 'file', location: '', loop: false });
    const parsed = buildCamera({ ...f, id: 'f', name: 'F', location: '/v.mp4', loop: true });
    expect(parsed.success && parsed.data.source).toEqual({
      kind: 'file',
      path: '/v.mp4',
      loop: true,
    });
    expect(formOf(parsed.success ? parsed.data : (undefined as never)).loop).toBe(true);
  });
});
