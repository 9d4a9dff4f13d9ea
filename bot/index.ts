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
const { startService } = await import('./service.ts');

try {
  const config = loadConfig();
  const service = await startService(config);
  const stop = async (signal: string) => {
    service.log.info('stopping', { signal });
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  if (err instanceof KnowledgeError || err instanceof ConfigError) {
    console.error(`Refusing to start. ${err.message}`);
    process.exit(1);
  }
  throw err;
}
