import type { RuleSetDraft } from '../api/methods/rules';

/**
 * A lane zone and a counting line across the built-in demo road (640×360), as the calibration
 * tool would save them: what the UI benchmark and the wall tests draw over the demo camera.
 */
export const DEMO_LANE_RULES: RuleSetDraft = {
  imageWidth: 640,
  imageHeight: 360,
  zones: [
    {
      id: 'zone-1',
      name: 'Carril',
      points: [
        { x: 20, y: 140 },
        { x: 620, y: 140 },
        { x: 620, y: 260 },
        { x: 20, y: 260 },
      ],
      classes: [],
    },
  ],
  lines: [
    {
      id: 'line-1',
      name: 'Conteo',
      kind: 'count',
      a: { x: 320, y: 120 },
      b: { x: 320, y: 280 },
    },
  ],
};
