// Run the orders module alone on the sample knowledge base: `tsx assistant/orders/standalone.ts`
// with the usual env (DATA_DIR, PORT, ADMIN_PASSWORD...). Used by the durability test and the
// orders benchmark; prints `LISTENING <url>` once the port is open.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openKnowledge } from '../../knowledge';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { startServer } from '../server';
import { sampleKnowledgeDb } from '../testing/server';
import { ordersModule } from './module';

const config = loadConfig();
const kb = join(config.DATA_DIR, 'knowledge.sqlite');
if (!existsSync(kb)) copyFileSync(await sampleKnowledgeDb(), kb);
const knowledge = await openKnowledge({ dbPath: kb, embedding: { provider: 'none' } });
const server = await startServer({ config, knowledge, modules: [ordersModule()], log: createLogger(config.LOG_LEVEL) });
console.log(`LISTENING ${server.url}`);
const stop = async () => {
  await server.close();
  knowledge.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
