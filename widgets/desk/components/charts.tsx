// Small inline-SVG charts (no chart library): stacked columns, horizontal bars and a donut. Each
// has role="img", a Chinese label and a <title>, and the numbers are also printed as text.
const PALETTE = ['#b4121b', '#1a56db', '#0f7b3f', '#b36b00', '#6b3fa0', '#00838f', '#6d4c41', '#5c6370'];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length];
}

export function StackedColumns(props: { label: string; categories: string[]; series: { name: string; values: number[] }[] }) {
  const W = 640;
  const H = 220;
  const pad = { l: 34, r: 8, t: 10, b: 34 };
  const totals = props.categories.map((_, i) => props.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const n = Math.max(1, props.categories.length);
  const bw = (W - pad.l - pad.r) / n;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const every = Math.ceil(n / 10);
  return (
    <figure style="margin:0">
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.label}：共 ${totals.reduce((a, b) => a + b, 0)}`}>
        <title>{props.label}</title>
        {(max >= 4 ? [0, 0.5, 1] : [0, 1]).map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} stroke="#e3e5e8" />
            <text x={pad.l - 4} y={y(max * f) + 4} font-size="11" text-anchor="end" fill="#585e66">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {props.categories.map((c, i) => {
          let acc = 0;
          return (
            <g key={c}>
              {props.series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return v > 0 ? (
                  <rect key={s.name} x={pad.l + i * bw + bw * 0.15} width={bw * 0.7} y={top} height={h} fill={colour(k)}>
                    <title>{`${c} ${s.name}：${v}`}</title>
                  </rect>
                ) : null;
              })}
              {i % every === 0 && (
                <text x={pad.l + i * bw + bw / 2} y={H - pad.b + 14} font-size="11" text-anchor="middle" fill="#585e66">
                  {c.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {props.series.map((s, k) => (
          <span key={s.name}>
            <i style={`background:${colour(k)}`} />
            {s.name} {s.values.reduce((a, b) => a + b, 0)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function HBars(props: { label: string; items: { name: string; value: number; colour?: string }[]; unit?: string }) {
  const W = 460;
  const row = 24;
  const H = Math.max(row, props.items.length * row) + 4;
  const max = Math.max(1, ...props.items.map((i) => i.value));
  const lw = 110;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.label}：${props.items.map((i) => `${i.name}${i.value}`).join('，') || '暂无数据'}`}>
      <title>{props.label}</title>
      {props.items.length === 0 && (
        <text x="8" y="18" font-size="13" fill="#585e66">
          暂无数据
        </text>
      )}
      {props.items.map((it, i) => {
        const w = ((W - lw - 50) * it.value) / max;
        return (
          <g key={it.name}>
            <text x={lw - 6} y={i * row + 16} font-size="12" text-anchor="end" fill="#1f2329">
              {it.name.length > 8 ? `${it.name.slice(0, 8)}…` : it.name}
            </text>
            <rect x={lw} y={i * row + 4} width={Math.max(1, w)} height={row - 8} rx="3" fill={it.colour ?? colour(0)} />
            <text x={lw + w + 4} y={i * row + 16} font-size="12" fill="#1f2329">
              {it.value}
              {props.unit ?? ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function Donut(props: { label: string; items: { name: string; value: number }[] }) {
  const total = props.items.reduce((s, i) => s + i.value, 0);
  const R = 60;
  const C = 2 * Math.PI * R;
  let offset = 0;
  return (
    <figure style="margin:0;display:flex;gap:14px;align-items:center;flex-wrap:wrap">
      <svg viewBox="0 0 160 160" width="160" height="160" role="img" aria-label={`${props.label}：${props.items.map((i) => `${i.name}${i.value}`).join('，') || '暂无数据'}`}>
        <title>{props.label}</title>
        <circle cx="80" cy="80" r={R} fill="none" stroke="#eef0f3" stroke-width="22" />
        {total > 0 &&
          props.items.map((it, k) => {
            const len = (C * it.value) / total;
            const el = (
              <circle key={it.name} cx="80" cy="80" r={R} fill="none" stroke={colour(k)} stroke-width="22" stroke-dasharray={`${len} ${C - len}`} stroke-dashoffset={-offset} transform="rotate(-90 80 80)">
                <title>{`${it.name}：${it.value}`}</title>
              </circle>
            );
            offset += len;
            return el;
          })}
        <text x="80" y="86" text-anchor="middle" font-size="20" font-weight="700" fill="#1f2329">
          {total}
        </text>
      </svg>
      <figcaption class="legend" style="flex-direction:column;gap:4px">
        {props.items.map((it, k) => (
          <span key={it.name}>
            <i style={`background:${colour(k)}`} />
            {it.name} {it.value}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
