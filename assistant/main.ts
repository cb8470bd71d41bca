// `npm start`: load config, make sure the knowledge store has something in it (the sample
// knowledge base on a fresh machine), open search, then serve every door on one port.
import { ensureSampleKnowledge } from '../ingest/sample';
import { openKnowledge } from '../knowledge';
import { embeddingConfigFrom } from '../knowledge/embed/create';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startServer } from './server';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  if (config.SAMPLE_KB) {
    const r = await ensureSampleKnowledge(config.knowledgeDb);
    if (r.ingested) log.info('sample knowledge base ingested', { db: config.knowledgeDb, articles: r.articles });
  }
  const knowledge = await openKnowledge({
    dbPath: config.knowledgeDb,
    embedding: embeddingConfigFrom(config),
    log,
  });
  const server = await startServer({ config, knowledge, log });
  const port = new URL(server.url).port;
  console.log(`lawline 已启动: http://${config.HOST}:${port}/demo  (员工工作台 /desk, 语音演示 /voice-demo, 健康检查 /healthz)`);
  const stop = async () => {
    await server.close();
    knowledge.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
