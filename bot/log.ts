// Structured logs, one JSON object per line. Callers pass only operational fields (ids, counts,
// timings, error names): never a request body, a query string or anything a practitioner typed,
// because those can carry a child's details.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * What may be logged of an error: its name and where it happened. Not its message: messages can
 * quote their input (a JSON parse error quotes the body it failed on), and input is user text.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: typeof err };
  const frames = (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).map((l) => l.trim());
  return { error: err.name, code: (err as { code?: unknown }).code, at: frames.slice(0, 8) };
}
