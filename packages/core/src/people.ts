import type { LocalText } from './i18n.ts';

/**
 * Ranks (职级) known to the product, in descending seniority. The seed's bonus
 * coefficients key on these codes in later schemes.
 */
export const ranks = [
  'zhengke',
  'fuke',
  'zhenggu',
  'fugu',
  'middle_head',
  'middle_deputy',
  'ordinary',
  'general',
  'shiye',
] as const;
/** A rank code. */
export type Rank = (typeof ranks)[number];

/** Display names of ranks. */
export const rankLabels: Readonly<Record<Rank, LocalText>> = {
  zhengke: { 'zh-CN': '正科级', en: 'Section chief (full)' },
  fuke: { 'zh-CN': '副科级', en: 'Section chief (deputy)' },
  zhenggu: { 'zh-CN': '正股级', en: 'Unit chief (full)' },
  fugu: { 'zh-CN': '副股级', en: 'Unit chief (deputy)' },
  middle_head: { 'zh-CN': '中层正职', en: 'Middle manager' },
  middle_deputy: { 'zh-CN': '中层副职', en: 'Deputy middle manager' },
  ordinary: { 'zh-CN': '普通干部', en: 'Ordinary cadre' },
  general: { 'zh-CN': '一般干部', en: 'General staff' },
  shiye: { 'zh-CN': '事业编', en: 'Public institution staff' },
};

/** Genders as recorded in personnel files. */
export const genders = ['male', 'female'] as const;
/** A gender code. */
export type Gender = (typeof genders)[number];

/** Display names of genders. */
export const genderLabels: Readonly<Record<Gender, LocalText>> = {
  male: { 'zh-CN': '男', en: 'Male' },
  female: { 'zh-CN': '女', en: 'Female' },
};

/** Find a rank by its code or its Chinese or English label (used by Excel import). */
export function parseRank(text: string): Rank | undefined {
  const t = text.trim();
  return ranks.find(
    (r) =>
      r === t || rankLabels[r]['zh-CN'] === t || rankLabels[r].en.toLowerCase() === t.toLowerCase(),
  );
}

/** Find a gender by code or label. */
export function parseGender(text: string): Gender | undefined {
  const t = text.trim().toLowerCase();
  return genders.find(
    (g) => g === t || genderLabels[g]['zh-CN'] === t || genderLabels[g].en.toLowerCase() === t,
  );
}

/** A calendar date `YYYY-MM-DD` that really exists. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}
