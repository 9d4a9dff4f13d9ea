// The composition root: read configuration, load and check the knowledge, open storage, build
// the search indexes and the HTTP server, and start listening. Nothing below this file reads
// process.env, so each part can be built with fakes or alternatives in a test.
import { enableCompileCache } from 'node:module';

// Node's compile cache (V8 code and the type-stripped sources, kept under the system's temporary
// folder between starts): a start after the first skips most of the parsing and stripping of
// several hundred modules. Enabled before the rest is imported, hence the dynamic imports below.
enableCompileCache();
const { ConfigError, loadConfig } = await import('./config.ts');
const { KnowledgeError } = await import('../knowledge/load.ts');
const { errorFields } = await import('./log.ts');
const { startService } = await import('./service.ts');

/** A stop that has not finished by then (a connection that will not close) ends the process anyway. */
const STOP_TIMEOUT_MS = 20_000;

/** How often the service checks that the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/** Whether a process exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

try {
  const config = loadConfig();
  const service = await startService(config);
  let stopping = false;
  // Ctrl-C (SIGINT, which `npm start` passes on) and SIGTERM (a service manager, a container
  // stop) shut down cleanly: requests in flight finish, the timers stop, a delivery in flight
  // finishes or stays in the outbox, the database is closed, and the exit code is 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.log.info('stopping', { signal });
    const timeout = setTimeout(() => {
      service.log.error('stopping took too long; exiting anyway', { signal, ms: STOP_TIMEOUT_MS });
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timeout.unref();
    try {
      await service.stop();
      process.exit(0);
    } catch (err) {
      service.log.error('stopping failed', errorFields(err));
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // `npm start` runs this under `sh -c`, which does not pass a SIGTERM on: npm signals the shell,
  // the shell exits, and this process would be left behind with nobody to stop it. So when the
  // parent goes away, stop as if signalled. (Parent 0 or 1: a container's init or the system's,
  // which does not go away.)
  const parent = process.ppid;
  if (parent > 1) {
    const watch = setInterval(() => {
      if (!alive(parent)) {
        clearInterval(watch);
        void stop('parent-exited');
      }
    }, PARENT_CHECK_MS);
    watch.unref();
  }
} catch (err) {
  if (err instanceof KnowledgeError || err instanceof ConfigError) {
    console.error(`Refusing to start. ${err.message}`);
    process.exit(1);
  }
  throw err;
}
