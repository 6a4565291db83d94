/** Unix-second helpers. PingCode's date filters work on calendar days in Asia/Shanghai (UTC+8, no DST). */
export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
const SHANGHAI_OFFSET = 8 * HOUR;

export function toUnix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Days since 1970-01-01 on the Asia/Shanghai calendar. */
export function shanghaiDay(unix: number): number {
  return Math.floor((unix + SHANGHAI_OFFSET) / DAY);
}

export function startOfShanghaiDay(unix: number): number {
  return shanghaiDay(unix) * DAY - SHANGHAI_OFFSET;
}

/** 23:59:59 Asia/Shanghai on the same day: how PingCode stores a due date picked in the UI. */
export function endOfShanghaiDay(unix: number): number {
  return startOfShanghaiDay(unix) + DAY - 1;
}
