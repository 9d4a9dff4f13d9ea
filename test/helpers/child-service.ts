// The real service (`bot/index.ts`, as `npm start` runs it) in a child process on a free port with
// a fresh data folder, for tests that must see the process survive hostile input, read its log
// lines, and measure its memory from outside (Linux /proc).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface ChildService {
  url: string;
  pid: number;
  /** The instance name it logged at start (its name on the outbox leases it holds). */
  instance: string;
  dataDir: string;
  /** Every stdout and stderr line so far. */
  lines: string[];
  /** Set when the process has exited (it never should on input). */
  exited(): { code: number | null; signal: string | null } | undefined;
  /** Resident memory now and its high-water mark, in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  /** SIGKILL, as a crash or an orchestrator would; resolves once the process is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildService(prefix: string, env: Record<string, string> = {}): Promise<ChildService> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  let instance = '';
  const proc = spawn(process.execPath, ['bot/index.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let exit: { code: number | null; signal: string | null } | undefined;
  proc.on('exit', (code, signal) => (exit = { code, signal }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${lines.join('\n')}`)), 30_000);
    let partial = '';
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"msg":"listening"')) {
          clearTimeout(timer);
          const listening = JSON.parse(line) as { url: string; instance?: string };
          instance = listening.instance ?? '';
          resolve(listening.url);
        }
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', () => reject(new Error(`the service exited at start:\n${lines.join('\n')}`)));
  });
  const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  return {
    url,
    pid: proc.pid!,
    instance,
    dataDir,
    lines,
    exited: () => exit,
    memory: () => ({ rssMiB: status('VmRSS'), peakMiB: status('VmHWM') }),
    async kill() {
      if (exit) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await gone;
    },
    async stop() {
      if (!exit) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
