// 辅助面板: the citizen's archive, related laws, typical cases, similar closed orders (each with why
// it was picked), and a suggested answer to adopt, edit or reject.
import { useEffect, useState } from 'preact/hooks';
import { api, listFrom } from '../api';
import { onLive } from '../live';
import { fmtTime } from '../model';

interface Law {
  law: string;
  article: string;
  text?: string;
  cites?: { law: string; article: string }[]; // a case hit: the articles it applied
  status?: string;
  why?: string[];
  signals?: { keywordTerms?: string[]; expansions?: string[] };
}
interface CaseItem {
  title: string;
  section?: string;
  excerpt?: string;
  cited?: { law: string; article: string }[];
  why?: string[];
}
interface Similar {
  id: number;
  question: string;
  resolution: string | null;
  cited?: { law: string; article: string }[];
  why?: string[];
}
export interface Material {
  laws: Law[];
  cases: CaseItem[];
  similarOrders: Similar[];
}
interface ArchiveEntry {
  id?: string;
  conversationId?: string | null;
  channelLabel?: string;
  kind?: string;
  channel?: string;
  at?: string;
  startedAt?: string;
  summary?: string;
  text?: string;
  topic?: string;
  orderNo?: string;
  stateLabel?: string;
}
interface Suggestion {
  id: number | string;
  draft: string;
  citations?: { law: string; article: string; text?: string }[];
  mode?: string;
}

function material(body: unknown): Material | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const m = (b.material ?? (b.payload as Record<string, unknown> | undefined)?.material ?? b.payload ?? b) as Record<string, unknown>;
  if (!m || typeof m !== 'object') return null;
  return { laws: listFrom<Law>(m, 'laws'), cases: listFrom<CaseItem>(m, 'cases'), similarOrders: listFrom<Similar>(m, 'similarOrders', 'orders') };
}

const short = (law: string) => law.replace(/^中华人民共和国/, '');

function whyOf(h: Law): string[] {
  if (h.why?.length) return h.why;
  const sig = h.signals;
  const words = [...new Set((sig?.keywordTerms ?? []).filter((t) => !t.startsWith('#')))].slice(0, 4);
  const exps = [...new Set(sig?.expansions ?? [])].slice(0, 3);
  const out: string[] = [];
  if (words.length) out.push(`关键词 ${words.map((t) => `“${t}”`).join('')}`);
  if (exps.length) out.push(`同义扩展 ${exps.join('、')}`);
  return out;
}

export function AssistPanel(props: {
  orderNo: string;
  citizenId: string | null;
  contactId: string | null;
  conversationId: string | null;
  question: string;
  onUseDraft(text: string, suggestionId: string | number): void;
  onSendDraft(text: string, suggestionId: string | number): Promise<void>;
  onLaws(laws: { law: string; article: string }[]): void;
}) {
  const [archive, setArchive] = useState<{ entries: ArchiveEntry[]; summary?: string; masked?: string } | null>(null);
  const [mat, setMat] = useState<Material | null>(null);
  const [note, setNote] = useState('');
  const [sug, setSug] = useState<Suggestion | null>(null);
  const [sugState, setSugState] = useState<'idle' | 'loading' | 'adopted' | 'edited' | 'rejected'>('idle');
  const [error, setError] = useState('');

  useEffect(() => {
    let alive = true;
    const fromSearch = async () => {
      // First-time citizen (no push): the same kinds of material straight from the knowledge core.
      const q = encodeURIComponent(props.question);
      const [laws, cases, orders] = await Promise.all([
        api<Record<string, unknown>>(`/api/knowledge/search?q=${q}&limit=5`).then((b) => listFrom<Law>(b, 'hits')).catch(() => null),
        api<Record<string, unknown>>(`/api/knowledge/search?q=${q}&limit=3&kind=case`).then((b) => listFrom<Law>(b, 'hits')).catch(() => []),
        api<Record<string, unknown>>(`/api/knowledge/search?q=${q}&limit=3&kind=order`).then((b) => listFrom<Law>(b, 'hits')).catch(() => []),
      ]);
      if (!alive) return;
      if (laws === null) setNote('相关法条检索暂不可用。');
      setMat({
        laws: laws ?? [],
        cases: cases.map((h) => ({ title: h.law, section: h.article, excerpt: (h.text ?? '').slice(0, 120), cited: h.cites, why: whyOf(h) })),
        similarOrders: orders.map((h, i) => ({ id: i, question: h.law, resolution: (h.text ?? '').slice(0, 160), why: whyOf(h) })),
      });
    };
    const load = async () => {
      let contactId = props.contactId;
      if (props.citizenId) {
        try {
          const b = await api<Record<string, unknown>>(`/api/citizens/${encodeURIComponent(props.citizenId)}/archive`);
          const a = (b.archive ?? b) as Record<string, unknown>;
          const entries = listFrom<ArchiveEntry>(a, 'entries', 'contacts', 'timeline');
          const ov = a.overview as { text?: string } | undefined;
          if (alive) setArchive({ entries, summary: ov?.text ?? (typeof a.summary === 'string' ? a.summary : undefined) });
          contactId ??= entries.find((e) => e.kind === 'contact' && props.conversationId && e.conversationId === props.conversationId)?.id ?? null;
        } catch {
          if (alive) setArchive(null);
        }
      }
      if (contactId) {
        try {
          const m = material(await api(`/api/assist/contacts/${encodeURIComponent(contactId)}`));
          if (m && alive) return setMat(m);
        } catch {
          /* no push for a first contact: fall through */
        }
      }
      if (props.question) await fromSearch();
    };
    void load();
    const off = onLive((f) => {
      if (f.type !== 'assist.pushed') return;
      if (!props.citizenId || f.citizenId !== props.citizenId) return;
      const m = material(f);
      if (m) setMat(m);
    });
    return () => {
      alive = false;
      off();
    };
  }, [props.orderNo]);

  useEffect(() => {
    if (mat) props.onLaws(mat.laws.map((l) => ({ law: l.law, article: l.article })));
  }, [mat]);

  const suggest = async () => {
    setSugState('loading');
    setError('');
    try {
      const b = await api<Record<string, unknown>>('/api/assist/suggest', {
        body: props.conversationId ? { conversationId: props.conversationId } : { orderId: props.orderNo, ...(props.question.length >= 2 ? { question: props.question } : {}) },
      });
      const s = (b.suggestion ?? b) as Suggestion;
      setSug(s);
      setSugState('idle');
    } catch (e) {
      setError((e as Error).message);
      setSugState('idle');
    }
  };

  const decide = async (action: 'adopt' | 'edit' | 'reject') => {
    if (!sug) return;
    setError('');
    try {
      if (action === 'adopt') {
        await props.onSendDraft(sug.draft, sug.id);
        await api(`/api/assist/suggestions/${sug.id}/outcome`, { body: { outcome: 'adopted' } });
        setSugState('adopted');
      } else if (action === 'edit') {
        props.onUseDraft(sug.draft, sug.id);
        setSugState('edited');
      } else {
        await api(`/api/assist/suggestions/${sug.id}/outcome`, { body: { outcome: 'rejected', reason: '不适用于本次诉求' } });
        setSugState('rejected');
      }
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="assist" data-testid="assist-panel">
      <section aria-labelledby="as-archive">
        <h3 id="as-archive">服务档案</h3>
        {!props.citizenId && <p class="muted">未识别身份的群众（未留电话），暂无历史档案。</p>}
        {props.citizenId && !archive && <p class="muted">档案加载中或暂不可用。</p>}
        {archive && (
          <>
            {archive.summary && <p>{archive.summary}</p>}
            {archive.entries.length === 0 ? (
              <p class="muted">首次来访，暂无历史记录。</p>
            ) : (
              <ul>
                {archive.entries.slice(0, 6).map((e, i) => (
                  <li key={i}>
                    <span class="muted">{fmtTime(e.at ?? e.startedAt)}</span> {e.channelLabel && <span class="tag">{e.channelLabel}</span>} {e.topic && <span class="tag">{e.topic}</span>} {e.summary ?? e.text ?? ''}
                    {e.orderNo && <span class="why">工单 {e.orderNo} {e.stateLabel ?? ''}</span>}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section aria-labelledby="as-laws">
        <h3 id="as-laws">相关法条</h3>
        {note && <p class="muted">{note}</p>}
        {mat && mat.laws.length === 0 && <p class="muted">没有找到相关法条。</p>}
        <ul>
          {mat?.laws.map((l, i) => (
            <li key={i}>
              <details>
                <summary>
                  《{short(l.law)}》{l.article}
                </summary>
                <div style="white-space:pre-wrap">{l.text}</div>
              </details>
              <span class="why">
                匹配原因：
                {whyOf(l).join('；') || '检索排名靠前'}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="as-cases">
        <h3 id="as-cases">典型案例</h3>
        {mat && mat.cases.length === 0 && <p class="muted">暂无相关典型案例。</p>}
        <ul>
          {mat?.cases.map((c, i) => (
            <li key={i}>
              <strong>{c.title}</strong> {c.section && <span class="muted">{c.section}</span>}
              {c.excerpt && <div>{c.excerpt}</div>}
              {c.cited && c.cited.length > 0 && <div class="muted">适用法条：{c.cited.map((a) => `《${short(a.law)}》${a.article}`).join('、')}</div>}
              {c.why && <span class="why">匹配原因：{c.why.join('；')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="as-similar">
        <h3 id="as-similar">相似工单</h3>
        {mat && mat.similarOrders.length === 0 && <p class="muted">暂无相似的已办结工单。</p>}
        <ul>
          {mat?.similarOrders.map((s) => (
            <li key={s.id}>
              <div>{s.question}</div>
              {s.resolution && <div class="muted">办理结果：{s.resolution}</div>}
              {s.cited && s.cited.length > 0 && <div class="muted">引用：{s.cited.map((c) => `《${short(c.law)}》${c.article}`).join('、')}</div>}
              {s.why && <span class="why">匹配原因：{s.why.join('；')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="as-sug">
        <h3 id="as-sug">建议答复</h3>
        {!sug && (
          <button type="button" class="btn" onClick={() => void suggest()} disabled={sugState === 'loading'}>
            {sugState === 'loading' ? '正在生成…' : '生成建议答复'}
          </button>
        )}
        {sug && (
          <>
            <div class="draft" data-testid="suggestion">
              {sug.draft}
            </div>
            {sug.citations && sug.citations.length > 0 && <p class="muted">依据：{sug.citations.map((c) => `《${short(c.law)}》${c.article}`).join('、')}</p>}
            {sugState === 'idle' ? (
              <div class="row" style="display:flex;gap:8px;margin-top:6px">
                <button type="button" class="btn primary small" onClick={() => void decide('adopt')}>
                  采纳并发送
                </button>
                <button type="button" class="btn small" onClick={() => void decide('edit')}>
                  编辑后发送
                </button>
                <button type="button" class="btn small" onClick={() => void decide('reject')}>
                  不采纳
                </button>
              </div>
            ) : (
              <p class="ok-msg" role="status">
                {sugState === 'adopted' ? '已采纳并发送给群众。' : sugState === 'edited' ? '已放入回复框，修改后发送。' : '已标记为不采纳。'}
              </p>
            )}
          </>
        )}
        {error && (
          <p class="err" role="alert">
            {error}
          </p>
        )}
      </section>
    </div>
  );
}
