/**
 * Calendar arithmetic in a tenant's zone. The zone is a fixed UTC offset in minutes (Asia/Shanghai
 * = 480, no daylight saving), so a local date is the UTC date of `instant + offset`. Local dates
 * are `YYYY-MM-DD`, months `YYYY-MM`, half-month windows `YYYY-MM-H1` (1st–15th) and
 * `YYYY-MM-H2` (16th–last day). Pure: the caller passes every instant in.
 */
import type { HalfMonthKey, Instant, LocalDate, MonthKey } from './types.ts';

const dayMs = 86_400_000;
const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;
const halfMonthPattern = /^(\d{4})-(\d{2})-H([12])$/;
/** Fixed offsets in use on Earth lie within −12:00 … +14:00. */
const maxOffsetMinutes = 14 * 60;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function checkOffset(utcOffsetMinutes: number): void {
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > maxOffsetMinutes) {
    throw new RangeError(`not a UTC offset in minutes: ${utcOffsetMinutes}`);
  }
}

/** Days since 1970-01-01 of a valid local date, or null when `text` is not a real calendar day. */
function dayNumber(text: string): number | null {
  const m = localDatePattern.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / dayMs;
}

/**
 * Day numbers of recently seen dates. A pure function's memo (same answer with or without it):
 * light ticks evaluate hundreds of thousands of steps sharing a few hundred planned dates.
 */
const dayMemo = new Map<string, number>();
const dayMemoLimit = 50_000;

function dayOf(date: LocalDate): number {
  const known = dayMemo.get(date);
  if (known !== undefined) return known;
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (dayMemo.size >= dayMemoLimit) dayMemo.clear();
  dayMemo.set(date, n);
  return n;
}

/** Days since 1970-01-01 of a local date (for fast comparisons and arithmetic). */
export function dayNumberOf(date: LocalDate): number {
  return dayOf(date);
}

/** Days since 1970-01-01 of the local day of an instant in the zone. */
export function localDayNumber(at: Instant | Date, utcOffsetMinutes: number): number {
  checkOffset(utcOffsetMinutes);
  return Math.floor((instantMs(at) + utcOffsetMinutes * 60_000) / dayMs);
}

function dateOfDay(day: number): LocalDate {
  const d = new Date(day * dayMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD` (2026-02-29 is not). */
export function isLocalDate(text: string): boolean {
  return dayNumber(text) !== null;
}

/** Whether `text` is an ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`). */
export function isInstant(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}

/**
 * Milliseconds since the epoch of an instant (for comparing instants written differently).
 * @throws RangeError when the text is not an instant.
 */
export function instantMs(at: Instant | Date): number {
  const ms = typeof at === 'string' ? (isInstant(at) ? Date.parse(at) : NaN) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(at)}`);
  return ms;
}

/** Compare two instants in time order (−1, 0, 1), whatever their spelling. */
export function compareInstants(a: Instant, b: Instant): -1 | 0 | 1 {
  const x = instantMs(a);
  const y = instantMs(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The local calendar date of an instant in a zone `utcOffsetMinutes` east of UTC
 * (`2026-11-30T15:59:59Z` at 480 → `2026-11-30`; `2026-11-30T16:00:00Z` → `2026-12-01`).
 */
export function localDate(at: Instant | Date, utcOffsetMinutes: number): LocalDate {
  checkOffset(utcOffsetMinutes);
  return dateOfDay(Math.floor((instantMs(at) + utcOffsetMinutes * 60_000) / dayMs));
}

/** The first instant of a local day (`2026-12-01` at 480 → `2026-11-30T16:00:00.000Z`). */
export function startOfLocalDay(date: LocalDate, utcOffsetMinutes: number): Instant {
  checkOffset(utcOffsetMinutes);
  return new Date(dayOf(date) * dayMs - utcOffsetMinutes * 60_000).toISOString();
}

/** The local date `days` days after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return dateOfDay(dayOf(date) + days);
}

/** Whole days from `a` to `b` (b − a): `daysBetween('2026-02-28', '2026-03-01')` = 1. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayOf(b) - dayOf(a);
}

/** Compare local dates in calendar order (−1, 0, 1). */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** The month of a local date (`2026-02-28` → `2026-02`). */
export function monthOf(date: LocalDate): MonthKey {
  dayOf(date);
  return date.slice(0, 7);
}

/** Whether `text` is a month `YYYY-MM`. */
export function isMonthKey(text: string): boolean {
  const m = monthPattern.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * First and last day of a month (`2028-02` → 2028-02-01 … 2028-02-29).
 * @throws RangeError when the key is not `YYYY-MM`.
 */
export function monthRange(month: MonthKey): { startsOn: LocalDate; endsOn: LocalDate } {
  const m = monthPattern.exec(month);
  const year = Number(m?.[1]);
  const mon = Number(m?.[2]);
  if (!m || mon < 1 || mon > 12)
    throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return {
    startsOn: `${month}-01`,
    endsOn: `${month}-${pad(daysInMonth(year, mon), 2)}`,
  };
}

/** The month after (`2026-12` → `2027-01`) or, with a negative count, before. */
export function addMonths(month: MonthKey, months: number): MonthKey {
  const { startsOn } = monthRange(month);
  const index = Number(startsOn.slice(0, 4)) * 12 + Number(startsOn.slice(5, 7)) - 1 + months;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
}

/** The exclusive end instant of a month: the first instant of the next month's first day. */
export function monthEnd(month: MonthKey, utcOffsetMinutes: number): Instant {
  return startOfLocalDay(addDays(monthRange(month).endsOn, 1), utcOffsetMinutes);
}

/** The half-month window of a local date: days 1–15 → `H1`, 16–end → `H2`. */
export function halfMonthOf(date: LocalDate): HalfMonthKey {
  dayOf(date);
  return `${date.slice(0, 7)}-H${Number(date.slice(8, 10)) <= 15 ? 1 : 2}`;
}

/** A parsed half-month window, or null when `key` is not `YYYY-MM-H1` / `YYYY-MM-H2`. */
export function parseHalfMonth(
  key: string,
): { key: HalfMonthKey; startsOn: LocalDate; endsOn: LocalDate } | null {
  const m = halfMonthPattern.exec(key);
  if (!m || !isMonthKey(`${m[1]}-${m[2]}`)) return null;
  const month = `${m[1]}-${m[2]}`;
  const range = monthRange(month);
  return m[3] === '1'
    ? { key, startsOn: range.startsOn, endsOn: `${month}-15` }
    : { key, startsOn: `${month}-16`, endsOn: range.endsOn };
}

function parsedHalfMonth(key: HalfMonthKey): { startsOn: LocalDate; endsOn: LocalDate } {
  const parsed = parseHalfMonth(key);
  if (!parsed)
    throw new RangeError(`not a half-month window (YYYY-MM-H1|H2): ${JSON.stringify(key)}`);
  return parsed;
}

/** The window before (`2026-01-H1` → `2025-12-H2`). */
export function previousHalfMonth(key: HalfMonthKey): HalfMonthKey {
  return halfMonthOf(addDays(parsedHalfMonth(key).startsOn, -1));
}

/** The window after (`2025-12-H2` → `2026-01-H1`). */
export function nextHalfMonth(key: HalfMonthKey): HalfMonthKey {
  return halfMonthOf(addDays(parsedHalfMonth(key).endsOn, 1));
}

/** The first instant of a window (its first local day's midnight). */
export function halfMonthStart(key: HalfMonthKey, utcOffsetMinutes: number): Instant {
  return startOfLocalDay(parsedHalfMonth(key).startsOn, utcOffsetMinutes);
}

/**
 * The exclusive end instant of a window: midnight starting the day after its last day
 * (`2026-11-H2` at 480 → `2026-11-30T16:00:00.000Z`). A window has ended when `now ≥ end`.
 */
export function halfMonthEnd(key: HalfMonthKey, utcOffsetMinutes: number): Instant {
  return startOfLocalDay(addDays(parsedHalfMonth(key).endsOn, 1), utcOffsetMinutes);
}
