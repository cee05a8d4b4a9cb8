// Times as the team and audit screens show them: the browser's locale, to the second, with the
// zone, for a time the server gave as ISO text or epoch milliseconds.
const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(value: string | number): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : FORMAT.format(date);
}
