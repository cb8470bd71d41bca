// Labelled eval files: one JSON object per line, each checked against a zod schema; a bad line
// fails with file:line and what is wrong.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export function readJsonl<T extends z.ZodTypeAny>(file: string, schema: T): z.infer<T>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = schema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return r.data;
    });
}
