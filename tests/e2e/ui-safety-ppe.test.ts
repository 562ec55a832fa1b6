import { describe, expect, it } from 'vitest';
import { apiCall, openPage, signIn } from '../helpers/browser';
import { DEMO_CAMERA, useServeAndBrowser } from '../helpers/ui-session';
import { until } from '../helpers/until';

/**
 * Safety → PPE against the real `watcher serve`: with a zone drawn on the demo camera, an
 * administrator requires a hard hat and a vest in it, maps the hard hat to the site model's
 * label, picks severity and minimum time, and saves; the camera's rule set then holds the PPE
 * rule the worker runs, and the page (in Spanish) reads it back.
 */
describe('Safety → PPE rules', () => {
  const ui = useServeAndBrowser({ cameras: [DEMO_CAMERA] });

  it('an admin requires PPE in a zone, maps the labels and saves a new rule-set version', async () => {
    const { page, errors } = await openPage(ui.browser, ui.serve.url, 'en');
    await signIn(page);
    const square = [
      { x: 10, y: 10 },
      { x: 300, y: 10 },
      { x: 300, y: 200 },
      { x: 10, y: 200 },
    ];
    const saved = await apiCall(page, 'rules.save', {
      cameraId: 'demo',
      data: {
        imageWidth: 640,
        imageHeight: 360,
        zones: [{ id: 'yard', name: 'Yard', points: square, classes: [] }],
        lines: [],
      },
    });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);

    await page.goto(`${ui.serve.baseUrl}#/safety`);
    const view = page.getByTestId('safety-view');
    const row = view.getByTestId('safety-zone-yard');
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('checkbox', { name: 'Require PPE Yard' }).check();
    // The defaults: hard hat and vest.
    expect(await row.getByRole('checkbox', { name: 'Hard hat' }).isChecked()).toBe(true);
    expect(await row.getByRole('checkbox', { name: 'High-visibility vest' }).isChecked()).toBe(
      true,
    );
    await row.getByRole('checkbox', { name: 'Gloves' }).check();
    await row.getByLabel('Minimum time without it (s) Yard').fill('3');
    await row.getByLabel('Severity Yard').selectOption('critical');
    await view.getByLabel('Hard hat: Worn').fill('casco, helmet');
    await view.getByLabel('Hard hat: Not worn (if the model detects it)').fill('sin-casco');
    await view.getByTestId('safety-ppe-save').click();
    await view.getByText('Saved as version 2.').waitFor({ timeout: 15_000 });

    const got = await apiCall(page, 'safety.ppe.get', { cameraId: 'demo' });
    expect(got.ok).toBe(true);
    expect(got.result).toMatchObject({
      version: 2,
      labels: { 'hard-hat': { present: ['casco', 'helmet'], absent: ['sin-casco'] } },
      zones: [
        {
          zoneId: 'yard',
          ppe: { items: ['hard-hat', 'vest', 'gloves'], minDurationSec: 3, severity: 'critical' },
        },
      ],
    });
    // The zone tool's draft carries the same requirement (saving from there keeps it).
    const rules = (await apiCall(page, 'rules.get', { cameraId: 'demo' })).result as {
      ruleSet: { data: { zones: { ppe?: { items: string[] } }[] } };
    };
    expect(rules.ruleSet.data.zones[0].ppe?.items).toEqual(['hard-hat', 'vest', 'gloves']);

    // Spanish, after a reload: the saved requirement is read back.
    const es = await openPage(ui.browser, ui.serve.url, 'es');
    await signIn(es.page);
    await es.page.goto(`${ui.serve.baseUrl}#/safety`);
    const esRow = es.page.getByTestId('safety-zone-yard');
    await esRow.waitFor({ timeout: 30_000 });
    await until(
      async () => esRow.getByRole('checkbox', { name: 'Guantes' }).isChecked(),
      15_000,
      'the saved PPE shown',
    );
    expect(await esRow.getByLabel('Gravedad Yard').inputValue()).toBe('critical');
    expect(await es.page.getByRole('link', { name: 'Seguridad' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
