import { useT } from '../i18n/i18n';
import { navigate } from '../state/router';
import { ReportsView } from './ReportsView';
import { SchedulesView } from './SchedulesView';
import { ReadOnlyUnless } from '../app/ReadOnly';

/** Reports: the period report and the scheduled reports, as two tabs (#/reports/schedules). */
export function ReportsPage({ tab }: { tab?: string }) {
  const t = useT();
  const schedules = tab === 'schedules';
  return (
    <>
      <nav className="toolbar" aria-label={t('schedules.title')}>
        <a
          href="#/reports"
          aria-current={!schedules ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate('reports');
          }}
        >
          {t('schedules.tab.period')}
        </a>
        <a
          href="#/reports/schedules"
          aria-current={schedules ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            navigate('reports', 'schedules');
          }}
        >
          {t('schedules.tab.schedules')}
        </a>
      </nav>
      {schedules ? (
        <ReadOnlyUnless permission="config">
          <SchedulesView />
        </ReadOnlyUnless>
      ) : (
        <ReportsView />
      )}
    </>
  );
}
