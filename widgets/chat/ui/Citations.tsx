// "依据" list under an answer: law + article buttons that expand to the quoted text.
import { useState } from 'preact/hooks';
import { STATUS_LABEL, type CitationView } from '../protocol';

function shortLaw(law: string): string {
  return law.replace(/^中华人民共和国/, '');
}

export function Citations({ items, idBase }: { items: CitationView[]; idBase: string }) {
  const [open, setOpen] = useState<Record<number, boolean>>({});
  if (items.length === 0) return null;
  return (
    <div class="cites">
      <h3>法律依据（点击查看条文原文）</h3>
      <ul>
        {items.map((c, i) => {
          const id = `${idBase}-c${i}`;
          const expanded = Boolean(open[i]);
          return (
            <li key={id}>
              <button
                type="button"
                class="cite"
                aria-expanded={expanded}
                aria-controls={id}
                onClick={() => setOpen({ ...open, [i]: !expanded })}
              >
                <span>
                  《{shortLaw(c.law)}》{c.article}
                </span>
                <span class="arrow" aria-hidden="true">
                  {expanded ? '收起 ▲' : '原文 ▼'}
                </span>
              </button>
              {expanded && (
                <blockquote class="quote" id={id}>
                  <span class={c.status === 'in_force' ? 'badge' : 'badge warn'}>{STATUS_LABEL[c.status] ?? c.status}</span>{' '}
                  {c.law} {c.article}：{c.text}
                </blockquote>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
