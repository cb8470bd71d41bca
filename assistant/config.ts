// One config object, parsed from the environment with defaults and clear errors.
// Every key is documented in ../.env.example. Modules read config from AppContext, never process.env.
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const optional = z.string().trim().min(1).optional();

export const ConfigSchema = z.object({
  // server
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('data'),
  KNOWLEDGE_DB: optional, // default DATA_DIR/knowledge.sqlite
  APP_DB: optional, // default DATA_DIR/app.sqlite
  SAMPLE_KB: bool.default('1'), // ingest the sample knowledge base when the store is empty
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  PUBLIC_URL: optional, // e.g. https://lawline.example.gov.cn, used by widget.js snippets
  CORS_ORIGINS: z.string().default('*'), // portals allowed to call citizen routes: '*' or a comma list
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0), // reverse proxies in front whose X-Forwarded-For is trusted (rate limits)

  // LLM (any OpenAI-compatible endpoint); unset = no-LLM mode
  OPENAI_BASE_URL: optional,
  OPENAI_API_KEY: optional,
  LLM_MODEL: optional,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  LLM_QUERY_REWRITE: bool.default('1'), // LLM mode: rewrite the question into legal terms before retrieval

  // embeddings: none | local (transformers.js model dir) | openai (/v1/embeddings)
  EMBEDDING_PROVIDER: z.enum(['none', 'local', 'openai']).default('none'),
  EMBEDDING_MODEL_DIR: optional,
  EMBEDDING_BASE_URL: optional, // defaults to OPENAI_BASE_URL
  EMBEDDING_API_KEY: optional,
  EMBEDDING_MODEL: optional,

  // speech: ASR none | whisper (transformers.js dir) | sherpa (sherpa-onnx dir) | openai
  ASR_PROVIDER: z.enum(['none', 'whisper', 'sherpa', 'openai']).default('none'),
  ASR_MODEL_DIR: optional,
  ASR_BASE_URL: optional,
  ASR_API_KEY: optional,
  ASR_MODEL: optional,
  TTS_PROVIDER: z.enum(['espeak', 'text2wav', 'openai', 'none']).default('espeak'),
  TTS_BASE_URL: optional,
  TTS_API_KEY: optional,
  TTS_MODEL: optional,
  TTS_VOICE: optional,
  VOICE_RECORD_AUDIO: bool.default('0'),
  VOICE_MAX_CALL_SECONDS: z.coerce.number().int().positive().default(900),
  VOICE_TWILIO_AUTH_TOKEN: optional, // when set, /ws/voice/twilio requires a valid X-Twilio-Signature
  VOICE_STREAM_TOKEN: optional, // when set, /ws/voice/freeswitch requires ?token=<this>

  // chat limits
  CHAT_MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(2000),
  CHAT_MAX_FRAME_BYTES: z.coerce.number().int().positive().default(16_384),
  CHAT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  CHAT_HEARTBEAT_MS: z.coerce.number().int().min(1000).default(30_000), // server ping interval; silent sockets are dropped
  CHAT_API_KEYS: optional, // comma-separated Bearer keys required by /v1/chat/completions (unset = open)

  // personal data: 32-byte key (hex or base64) for encryption and keyed hashes.
  // Required in production; a fixed development key is used (with a warning) when unset.
  PII_KEY: optional,

  // staff: seed admin created on first start when no staff exists
  ADMIN_USERNAME: z.string().default('admin'),
  ADMIN_PASSWORD: optional, // required to create the seed admin; a random one is printed once otherwise
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),

  // work orders
  BUSINESS_CALENDAR: optional, // path to a calendar JSON overriding assistant/orders/rules/calendar.json
  TIMEZONE: z.string().default('Asia/Shanghai'),
  SLA_CHECK_SECONDS: z.coerce.number().positive().default(30), // how often SLA clocks are checked
  PROGRESS_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20), // citizen progress queries per IP
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10), // staff login attempts per IP
});

export type Config = z.infer<typeof ConfigSchema> & {
  knowledgeDb: string;
  appDb: string;
  llmEnabled: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    knowledgeDb: c.KNOWLEDGE_DB ?? `${c.DATA_DIR}/knowledge.sqlite`,
    appDb: c.APP_DB ?? `${c.DATA_DIR}/app.sqlite`,
    llmEnabled: Boolean(c.OPENAI_BASE_URL && c.LLM_MODEL),
  };
}
