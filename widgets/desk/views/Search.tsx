// 知识检索: search laws, cases and past orders, with the "why it matched" signals.
import { useState } from 'preact/hooks';
import { api, listFrom } from '../api';

interface Hit {
  law: string;
  article: string;
  text: string;
  kind?: string;
  status?: string;
  score?: number;
  signals?: { keywordTerms?: string[]; expansions?: string[]; orderVotes?: { question: string }[]; vectorScore?: number; stageRanks?: Record<string, number> };
}

const STAGE: Record<string, string> = { keyword: '关键词召回', expanded: '扩展词召回', orders: '相似工单召回', vector: '语义向量召回', rerank: '重排序' };
const STATUS: Record<string, string> = { in_force: '现行有效', amended: '已修改', repealed: '已废止', not_yet_effective: '尚未施行' };

export function Search() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [terms, setTerms] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <>
      <h1>知识检索</h1>
      <form
        class="toolbar"
        role="search"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!q.trim()) return;
          setBusy(true);
          setError('');
          try {
            const b = await api<Record<string, unknown>>(`/api/knowledge/search?q=${encodeURIComponent(q.trim())}&limit=10`);
            setHits(listFrom<Hit>(b, 'hits'));
            setTerms(Array.isArray(b.terms) ? (b.terms as string[]) : []);
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="kb-q">检索问题或关键词</label>
        <input id="kb-q" type="search" style="flex:1;min-width:240px" value={q} placeholder="例如：公司拖欠工资 经济补偿" onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? '检索中…' : '检索'}
        </button>
      </form>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {terms.length > 0 && <p class="muted">检索词：{terms.filter((t) => !t.startsWith('#')).join(' · ')}</p>}
      {hits && hits.length === 0 && <p class="empty">没有找到相关条文。</p>}
      <ol class="hits" aria-label="检索结果">
        {hits?.map((h, i) => (
          <li key={i} class="card">
            <div class="hit-title">
              {h.law} {h.article} {h.status && <span class={h.status === 'in_force' ? 'tag' : 'tag urgent'}>{STATUS[h.status] ?? h.status}</span>}
            </div>
            <div style="white-space:pre-wrap">{h.text}</div>
            <div class="sig" aria-label="匹配原因">
              <span class="muted">为什么匹配：</span>
              {[...new Set(h.signals?.keywordTerms ?? [])].filter((t) => !t.startsWith('#')).map((t) => (
                <span key={t} class="tag">
                  关键词 {t}
                </span>
              ))}
              {[...new Set(h.signals?.expansions ?? [])].slice(0, 4).map((t) => (
                <span key={t} class="tag">
                  扩展 {t}
                </span>
              ))}
              {new Set(h.signals?.expansions ?? []).size > 4 && <span class="tag">另有 {new Set(h.signals?.expansions ?? []).size - 4} 个扩展词</span>}
              {h.signals?.orderVotes && h.signals.orderVotes.length > 0 && <span class="tag">{h.signals.orderVotes.length} 个相似工单引用过</span>}
              {typeof h.signals?.vectorScore === 'number' && <span class="tag">语义相似度 {h.signals.vectorScore.toFixed(2)}</span>}
              {Object.entries(h.signals?.stageRanks ?? {}).map(([k, r]) => (
                <span key={k} class="tag">
                  {STAGE[k] ?? k}第{r}名
                </span>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
