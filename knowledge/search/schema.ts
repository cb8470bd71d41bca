// Search's own tables (migration set 'search', `npm run db:generate -- search`), in the knowledge
// store file next to K1's tables. One row per persisted artefact (the article keyword index, the
// learned reranker), keyed by the store generation it was built from: when meta.generation moves
// on, the artefact is stale and is rebuilt.
import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const searchArtifacts = sqliteTable('search_artifacts', {
  /** e.g. 'articles' (keyword index), 'reranker' (learned weights). */
  key: text('key').primaryKey(),
  /** meta.generation of the store when it was built. */
  generation: text('generation').notNull(),
  /** Format version of the artefact (bumped when the code's layout changes). */
  format: integer('format').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  builtAt: text('built_at').notNull(),
});
