import { setLang, useLang } from '../i18n/index.ts';

export function LangSwitch() {
  const { t, lang } = useLang();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={other}
      title={t('app.switchToLabel')}
      onClick={() => setLang(other)}
      data-testid="lang-switch"
    >
      {t('app.switchTo')}
    </button>
  );
}
