// The composition root: read configuration, load and check the knowledge, open storage, build
// the search indexes and the HTTP server, and start listening. Nothing below this file reads
// process.env, so each part can be built with fakes or alternatives in a test.
import { ConfigError, loadConfig } from './config.ts';
import { KnowledgeError } from '../knowledge/load.ts';
import { startService } from './service.ts';

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
