import type { Page } from 'playwright-core';

/** Four corners of a patch of the demo road: image x, y (px of its 640×360 frame), then metres x, y. */
export const DEMO_ROAD_PAIRS: ReadonlyArray<readonly [number, number, number, number]> = [
  [100, 140, 0, 0],
  [540, 140, 20, 0],
  [560, 270, 20, 7],
  [80, 270, 0, 7],
];

export interface CalibrationStage {
  /** Page coordinates of a point of the 640×360 demo frame (fitted and centred in the stage). */
  at(x: number, y: number): { x: number; y: number };
  /** Clicks a point of the frame and lets the editor take it. */
  click(x: number, y: number): Promise<void>;
}

/** Opens the calibration tool on the demo camera (signed in already) once its stage is drawn. */
export async function openDemoCalibration(page: Page, baseUrl: string): Promise<CalibrationStage> {
  await page.goto(`${baseUrl}#/calibration/demo`);
  const stage = page.locator('[data-testid="calib-stage"] canvas').first();
  await stage.waitFor({ timeout: 30_000 });
  const box = (await stage.boundingBox())!;
  const fit = Math.min(box.width / 640, box.height / 360);
  const ox = box.x + (box.width - 640 * fit) / 2;
  const oy = box.y + (box.height - 360 * fit) / 2;
  const at = (x: number, y: number) => ({ x: ox + x * fit, y: oy + y * fit });
  return {
    at,
    async click(x, y) {
      const p = at(x, y);
      await page.mouse.click(p.x, p.y);
      await page.waitForTimeout(350);
    },
  };
}

/** Types the metres of each point pair (English labels) and waits for the solved homography. */
export async function enterPairMetres(
  page: Page,
  pairs: ReadonlyArray<readonly [number, number, number, number]>,
): Promise<void> {
  for (let i = 0; i < pairs.length; i++) {
    await page.getByLabel(`X in metres of point ${i + 1}`).fill(String(pairs[i][2]));
    await page.getByLabel(`Y in metres of point ${i + 1}`).fill(String(pairs[i][3]));
    await page.getByLabel(`Y in metres of point ${i + 1}`).press('Tab');
  }
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="calib-solve"]')?.textContent?.startsWith('RMS'),
  );
}
