// Dates and times as Québec officers type them: days as AAAA-MM-JJ (YYYY-MM-DD), times
// on the 24-hour clock (14:30, or 14 h 30 as French writes it). A wall-clock time is
// Montréal time (America/Montreal) and travels to the backend as a UTC instant.
import { TIME_ZONE } from '../format';

/** What the date input accepts: `2024-02-12`, or `20240212` (normalised to the former). */
export const DATE_PATTERN = '\\s*\\d{4}-?\\d{2}-?\\d{2}\\s*';

/** What the time input accepts: `9:05`, `14:30`, `14h30`, `14 h 30`. */
export const TIME_PATTERN = '\\s*\\d{1,2}\\s*[:hH]\\s*\\d{2}\\s*';

export type DateCheck =
  | { state: 'empty' }
  | { state: 'malformed' }
  /** Well formed but not on the calendar (2024-02-30, 2023-02-29, month 13). */
  | { state: 'impossible' }
  | { state: 'valid'; iso: string };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Whether `year-month-day` is a day of the (proleptic Gregorian) calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Reads what the officer typed in a date field. */
export function checkDate(text: string): DateCheck {
  const s = text.trim();
  if (s === '') return { state: 'empty' };
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  // Either both dashes or none: `2024-0212` is a typo, not a date.
  if (!m || (s.length !== 8 && s.length !== 10)) return { state: 'malformed' };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isCalendarDate(year, month, day)) return { state: 'impossible' };
  return { state: 'valid', iso: `${m[1]}-${m[2]}-${m[3]}` };
}

/** What a date field says is wrong: nothing typed in a required field, not AAAA-MM-JJ, not a calendar day. */
export type DateProblem = 'required' | 'malformed' | 'impossible';

/** `YYYY-MM-DD` of a real calendar day, or null. */
export function parseDate(text: string): string | null {
  const c = checkDate(text);
  return c.state === 'valid' ? c.iso : null;
}

/** Reads a 24-hour time (`14:30`, `9:05`, `14h30`, `14 h 30`) as `HH:MM`, or null. */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})\s*[:hH]\s*(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

const wallFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Montréal wall clock at instant `ms`, as milliseconds of a UTC clock showing it. */
function wallClockAt(ms: number): number {
  const p: Record<string, number> = {};
  for (const part of wallFormatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const d = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
  d.setUTCFullYear(p.year);
  return d.getTime();
}

/** Montréal's offset from UTC at instant `ms`, in milliseconds (-5 h in winter, -4 h in summer). */
function offsetAt(ms: number): number {
  return wallClockAt(ms) - ms;
}

/**
 * The UTC instant (`2024-11-20T15:00:00Z`) at which Montréal clocks show `date` (`YYYY-MM-DD`)
 * at `time` (`HH:MM`), or null if either is not valid or that time does not exist in
 * Montréal (skipped when clocks go forward in March). A time that occurs twice (when
 * clocks go back in November) is the first one, still on daylight time.
 */
export function montrealToUtc(date: string, time: string): string | null {
  const day = parseDate(date);
  const hm = parseTime(time);
  if (!day || !hm) return null;
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  const [hour, minute] = hm.split(':').map(Number);
  const asUtc = new Date(Date.UTC(2000, month - 1, dayOfMonth, hour, minute));
  asUtc.setUTCFullYear(year);
  const wall = asUtc.getTime();
  // The instant is wall - offset, for the offset in force at that instant. Try both
  // offsets in force around it; keep those that give back the same wall clock.
  const offsets = [...new Set([offsetAt(wall - 86_400_000), offsetAt(wall + 86_400_000), offsetAt(wall)])];
  const candidates = offsets
    .map((o) => wall - o)
    .filter((ms) => wallClockAt(ms) === wall)
    .sort((a, b) => a - b);
  if (candidates.length === 0) return null;
  return new Date(candidates[0]).toISOString().replace(/\.000Z$/, 'Z');
}
