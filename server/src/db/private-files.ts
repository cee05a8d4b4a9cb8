// The SQLite database holds password and token hashes, so its directory is owner-only (0700) and
// the database and its companion files owner-only (0600), whatever the umask. SQLite gives the
// -wal and -shm files the mode of the database file, so creating that file 0600 first covers
// them. Looser modes found at start-up are tightened on what is Kairox's; a directory that also
// holds other files is not Kairox's to change, so it is only reported.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The database file and the files SQLite keeps beside it. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * Run before SQLite opens `file`: makes the directory and the database file exist, private.
 * Returns what could not be made private, as sentences for the operator's log.
 */
export function prepareSqliteFiles(file: string): string[] {
  if (process.platform === 'win32') return []; // no POSIX modes to set
  const notices: string[] = [];
  const dir = path.dirname(file);
  if (fs.existsSync(dir)) tightenDirectory(dir, file, notices);
  else {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
  }
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const each of sqliteFiles(file)) tighten(each, PRIVATE_FILE_MODE, notices);
  return notices;
}

function tightenDirectory(dir: string, file: string, notices: string[]): void {
  const mode = fs.statSync(dir).mode;
  if ((mode & 0o077) === 0) return;
  const ours = new Set(sqliteFiles(file).map((f) => path.basename(f)));
  const others = fs.readdirSync(dir).filter((name) => !ours.has(name));
  if (others.length > 0) {
    notices.push(`The data directory ${dir} is open to other users (mode ${octal(mode)}) and holds files that are not Kairox's, so it was left as it is; the database files in it are private (0600). To close the directory too: chmod 700 ${dir}`);
    return;
  }
  tighten(dir, PRIVATE_DIR_MODE, notices);
}

function tighten(target: string, wanted: number, notices: string[]): void {
  let mode: number;
  try {
    mode = fs.statSync(target).mode;
  } catch {
    return; // a companion file that does not exist yet
  }
  if ((mode & 0o777 & ~wanted) === 0) return;
  try {
    fs.chmodSync(target, wanted);
  } catch (error) {
    notices.push(`${target} is open to other users (mode ${octal(mode)}) and could not be made private (${(error as NodeJS.ErrnoException).code ?? 'error'}); run: chmod ${octal(wanted).slice(1)} ${target}`);
  }
}
