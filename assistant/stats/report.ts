// 统计月报表: the monthly statistics report as an XLSX workbook (exceljs), one sheet per topic.
import ExcelJS from 'exceljs';
import type { Overview } from './overview';

const CH: Record<string, string> = { web: '网络平台', voice: '热线电话', desk: '窗口', api: '接口' };
const CLOCK: Record<string, string> = { first_response: '首次响应', callback: '回拨', resolution: '办结' };
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function header(ws: ExcelJS.Worksheet, cols: { header: string; key: string; width: number }[]) {
  ws.columns = cols;
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F3F5' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

export async function monthlyWorkbook(o: Overview, opts: { month: string; platform: string; generatedAt: Date }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'lawline';
  wb.created = opts.generatedAt;
  const [y, m] = opts.month.split('-');
  const title = `${opts.platform}统计月报表（${y}年${Number(m)}月）`;

  const sum = wb.addWorksheet('月报总表');
  sum.mergeCells('A1:C1');
  sum.getCell('A1').value = title;
  sum.getCell('A1').font = { bold: true, size: 14 };
  sum.getCell('A2').value = `统计区间：${o.range.from} 至 ${o.range.to}`;
  sum.getCell('A3').value = `生成时间：${opts.generatedAt.toISOString().replace('T', ' ').slice(0, 19)}（UTC）`;
  sum.getRow(5).values = ['指标', '数值', '说明'];
  sum.getRow(5).font = { bold: true };
  sum.columns = [{ width: 26 }, { width: 16 }, { width: 48 }];
  const sat45 = o.satisfaction.orders.count ? (o.satisfaction.orders.dist[3] + o.satisfaction.orders.dist[4]) / o.satisfaction.orders.count : null;
  const rows: [string, string | number, string][] = [
    ['咨询总量', o.contacts.total, '在线对话、热线来电与窗口来访'],
    ...Object.entries(o.contacts.byChannel).map(([k, v]): [string, number, string] => [`  其中：${CH[k] ?? k}`, v, '']),
    ['新建工单', o.orders.created, '转人工及登记的工单'],
    ['办结工单', o.orders.resolved, '本月办结'],
    ['办结率', pct(o.orders.created ? o.orders.resolved / o.orders.created : null), '办结工单 / 新建工单'],
    ['按时办理率', pct(o.sla.rate), `按时 ${o.sla.met}，超时 ${o.sla.breached}，进行中 ${o.sla.running}`],
    ['工单满意度（均分）', o.satisfaction.orders.avg ?? '—', `参评 ${o.satisfaction.orders.count} 件，5分制`],
    ['满意率（4-5分）', pct(sat45), '目标 ≥ 90%'],
    ['智能回答有用率', pct(o.satisfaction.answers.rate), `有用 ${o.satisfaction.answers.useful}，没用 ${o.satisfaction.answers.notUseful}`],
    ['建议答复采纳率', pct(o.assist.rate), `采纳 ${o.assist.adopted}，修改后采纳 ${o.assist.edited}，未采纳 ${o.assist.rejected}`],
  ];
  rows.forEach((r, i) => (sum.getRow(6 + i).values = r));
  if (o.missing.length) sum.getCell(`A${8 + rows.length}`).value = `说明：以下数据源尚无记录：${o.missing.join('、')}`;

  const daily = wb.addWorksheet('每日咨询量');
  const chans = Object.keys(o.contacts.byChannel);
  header(daily, [{ header: '日期', key: 'day', width: 14 }, ...chans.map((c) => ({ header: CH[c] ?? c, key: c, width: 12 })), { header: '合计', key: 'total', width: 10 }]);
  for (const d of o.contacts.byDay) {
    const row: Record<string, string | number> = { day: d.day, total: Object.values(d.counts).reduce((a, b) => a + b, 0) };
    for (const c of chans) row[c] = d.counts[c] ?? 0;
    daily.addRow(row);
  }

  const topics = wb.addWorksheet('热点问题');
  header(topics, [
    { header: '排名', key: 'rank', width: 8 },
    { header: '关键词', key: 'term', width: 20 },
    { header: '提及次数', key: 'count', width: 12 },
    { header: '', key: 'gap', width: 4 },
    { header: '问题领域', key: 'domain', width: 14 },
    { header: '数量', key: 'dcount', width: 10 },
  ]);
  const n = Math.max(o.topics.keywords.length, o.topics.domains.length);
  for (let i = 0; i < n; i++) {
    const k = o.topics.keywords[i];
    const d = o.topics.domains[i];
    topics.addRow({ rank: k ? i + 1 : '', term: k?.term ?? '', count: k?.count ?? '', domain: d?.domain ?? '', dcount: d?.count ?? '' });
  }

  const orders = wb.addWorksheet('工单情况');
  header(orders, [
    { header: '状态', key: 'state', width: 16 },
    { header: '数量', key: 'n', width: 10 },
    { header: '', key: 'gap', width: 4 },
    { header: '类型', key: 'type', width: 16 },
    { header: '数量', key: 'tn', width: 10 },
  ]);
  for (let i = 0; i < Math.max(o.orders.byState.length, o.orders.byType.length); i++) {
    orders.addRow({ state: o.orders.byState[i]?.label ?? '', n: o.orders.byState[i]?.count ?? '', type: o.orders.byType[i]?.label ?? '', tn: o.orders.byType[i]?.count ?? '' });
  }

  const sla = wb.addWorksheet('时限执行');
  header(sla, [
    { header: '时限', key: 'clock', width: 14 },
    { header: '按时', key: 'met', width: 10 },
    { header: '超时', key: 'breached', width: 10 },
    { header: '进行中', key: 'running', width: 10 },
    { header: '按时率', key: 'rate', width: 10 },
  ]);
  for (const c of o.sla.byClock) sla.addRow({ clock: CLOCK[c.clock] ?? c.clock, met: c.met, breached: c.breached, running: c.running, rate: pct(c.met + c.breached ? c.met / (c.met + c.breached) : null) });

  const satWs = wb.addWorksheet('满意度');
  header(satWs, [
    { header: '评分', key: 'score', width: 10 },
    { header: '工单数', key: 'n', width: 10 },
  ]);
  for (let s = 5; s >= 1; s--) satWs.addRow({ score: `${s}分`, n: o.satisfaction.orders.dist[s - 1] });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
