import { describe, expect, it } from 'vitest';
import { apiCall, openPage, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';

/**
 * Safety → Danger zones → Person down against the real `watcher serve`: with a zone drawn on the
 * demo camera, an administrator turns on the person-down rule in it, sets the minimum time down
 * and the model's fallen classes, and saves; the camera's rule set then holds the person-down
 * rule the worker runs, and the page (in Spanish) reads it back.
 */
describe('Safety → person down', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('an admin turns on person down in a zone and saves a new rule-set version', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    const saved = await apiCall(page, 'rules.save', {
      cameraId: 'demo',
      data: {
        imageWidth: 640,
        imageHeight: 360,
        zones: [
          {
            id: 'yard',
            name: 'Yard',
            points: [
              { x: 10, y: 10 },
              { x: 300, y: 10 },
              { x: 300, y: 200 },
              { x: 10, y: 200 },
            ],
            classes: [],
          },
        ],
        lines: [],
      },
    });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);

    await page.goto(`${ui.serve.baseUrl}#/safety`);
    const panel = page.getByTestId('safety-danger');
    const row = panel.getByTestId('safety-danger-yard');
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('checkbox', { name: 'Danger rules Yard' }).check();
    await row.getByRole('checkbox', { name: 'Person down Yard' }).check();
    await row.getByLabel('Minimum time down (s) Yard').fill('8');
    const classes = row.getByLabel(/fallen classes Yard/);
    await classes.fill('fallen, lying');
    await classes.blur();
    await panel.getByTestId('safety-danger-save').click();
    await panel.getByText('Saved as version 2.').waitFor({ timeout: 15_000 });

    const got = await apiCall(page, 'safety.danger.get', { cameraId: 'demo' });
    expect(got.ok).toBe(true);
    expect(got.result).toMatchObject({
      version: 2,
      zones: [
        {
          zoneId: 'yard',
          danger: {
            personDown: {
              personClasses: ['person'],
              downClasses: ['fallen', 'lying'],
              boxHeuristic: true,
              minDurationSec: 8,
              lyingAspect: 1.3,
            },
          },
        },
      ],
    });

    // Spanish, after a reload: the saved rule is read back.
    const es = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(es.page);
    await es.page.goto(`${ui.serve.baseUrl}#/safety`);
    const esRow = es.page.getByTestId('safety-danger-yard');
    await esRow.waitFor({ timeout: 30_000 });
    await until(
      async () => esRow.getByRole('checkbox', { name: 'Persona caída Yard' }).isChecked(),
      15_000,
      'the saved person-down rule shown',
    );
    expect(await esRow.getByLabel('Tiempo mínimo caída (s) Yard').inputValue()).toBe('8');
    expect(errors).toEqual([]);
  });
});
