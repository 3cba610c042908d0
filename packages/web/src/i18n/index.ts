import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  genderLabels,
  rankLabels,
  unitKindLabels,
  type Gender,
  type Lang,
  type LocalText,
  type Rank,
  type UnitKind,
} from '@tianheng/core';
import { setApiLang } from '../api/client.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

const storageKey = 'tianheng.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be blocked (private mode, policies): Chinese is the default anyway.
    return 'zh-CN';
  }
}

function applyLang(lang: Lang): void {
  setApiLang(lang);
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lang;
  document.title = (lang === 'en' ? en : zhCN).app.title;
}

/** Start i18next in the stored language (zh-CN unless the user chose English). */
export async function initI18n(): Promise<void> {
  const lang = storedLang();
  applyLang(lang);
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

/** Switch language, remember it, and make API errors come back in it. */
export async function changeLang(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Not persisted when storage is blocked; the switch still applies to this tab.
    document.documentElement.dataset.langNotPersisted = 'true';
  }
  applyLang(lang);
  await i18next.changeLanguage(lang);
}

/** The current language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** A label from one of core's tables; a code the table does not know shows as itself. */
function labelOf(table: Readonly<Record<string, LocalText>>, code: string, lang: Lang): string {
  return (table as Partial<Record<string, LocalText>>)[code]?.[lang] ?? code;
}

/** Labels from core's tables in the current language. */
export function useLabels() {
  const lang = useLang();
  const pick = (text: LocalText) => text[lang];
  return {
    lang,
    pick,
    unitKind: (kind: UnitKind) => labelOf(unitKindLabels, kind, lang),
    rank: (rank: Rank) => labelOf(rankLabels, rank, lang),
    gender: (gender: Gender) => labelOf(genderLabels, gender, lang),
  };
}
