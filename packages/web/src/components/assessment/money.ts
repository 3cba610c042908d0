import { formatScaled, isDecimal, parseScaled } from '@tianheng/core';

/** Integer cents as yuan with two decimals and thousands separators (`123456` → `1,234.56`). */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  const text = formatScaled(BigInt(cents), 2);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}

/** Yuan typed by a person (`"1234.5"`) as integer cents, exactly; null when it is not a amount. */
export function yuanToCents(text: string): number | null {
  const clean = text.trim().replace(/,/g, '');
  if (!isDecimal(clean) || clean.startsWith('-')) return null;
  if ((clean.split('.')[1] ?? '').length > 2) return null;
  return Number(parseScaled(clean, 2));
}

/** A decimal amount of cents (`"3401.01"`) as yuan, exactly (`"34.0101"`). */
export function centsTextToYuan(text: string): string {
  if (!isDecimal(text)) return text;
  const yuan = formatScaled(parseScaled(text, 4), 6);
  return yuan
    .replace(/0+$/, '')
    .replace(/\.$/, '.00')
    .replace(/\.(\d)$/, '.$10');
}
