import { LANG_COOKIE } from '@tiendo/shared/page';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en.ts';
import type { Lang } from './format.ts';
import { vi } from './vi.ts';

const STORAGE_KEY = 'tiendo.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** The language on the page and in the cookie that tells the server which to render the page's first frame in. */
function showLang(lang: Lang): void {
  document.documentElement.lang = lang;
  // A year, like the stored choice it mirrors; no secret in it. The Cookie Store API would be
  // asynchronous and is missing from the Firefox and Safari versions still in use.
  // biome-ignore lint/suspicious/noDocumentCookie: one constant name and a value of two letters
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
}

export function initI18n(lang: Lang = storedLang()) {
  void i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  if (typeof document !== 'undefined') showLang(lang);
  return i18next;
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  showLang(lang);
  void i18next.changeLanguage(lang);
}

/** `t` plus the current language, typed as the two we ship. */
export function useLang() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  return { t, lang };
}
