import './reporting.css';
import { useLang } from '../../i18n/index.ts';
import { AppHeader } from '../dashboard/AppHeader.tsx';
import { ConclusionsPage } from '../followup/ConclusionsPage.tsx';
import '../followup/followup.css';
import { LatePage } from './LatePage.tsx';
import { ReportPage } from './ReportPage.tsx';
import { CONCLUSIONS_PATH, LATE_PATH } from './routes.ts';

/** The reporting screens under the app's header: the monthly report form, or the late list. */
export default function ReportingPage({ path }: { path: string }) {
  const { t } = useLang();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader view={null} />
      <main id="main" tabIndex={-1} className="reporting">
        {path === LATE_PATH ? <LatePage /> : path === CONCLUSIONS_PATH ? <ConclusionsPage /> : <ReportPage />}
      </main>
    </>
  );
}
