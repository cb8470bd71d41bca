// The 西安 plan's "五台帐一登记" as filtered views over work orders, exportable as CSV or XLSX.
// Only masked personal data is exported; every export is written to the access log by the route.
import ExcelJS from 'exceljs';
import type { BusinessCalendar } from './calendar';
import { ORDER_TYPE_LABEL, type OrderType } from './rules';
import type { OrderFilters, OrderRow } from './service';
import { STATE_LABEL, type OrderState } from './state-machine';

export interface LedgerDef {
  key: string;
  title: string;
  /** Orders of these types belong to the ledger... */
  types: OrderType[];
  /** ...and so do orders handed over to these teams (keys in rules/dispatch.json), whatever their type. */
  teams: string[];
}

export const LEDGERS: LedgerDef[] = [
  { key: 'visit', title: '公共法律服务来访登记台帐', types: ['visit'], teams: [] },
  { key: 'dispute', title: '矛盾纠纷案件移交台帐', types: ['mediation'], teams: ['mediation_committee'] },
  { key: 'legal_aid', title: '法律援助案件移交台帐', types: ['legal_aid'], teams: ['legal_aid_center'] },
  { key: 'appointment', title: '公共法律服务预约台帐', types: ['appointment'], teams: [] },
  { key: 'referral', title: '公共法律服务业务移交台帐', types: ['referral'], teams: ['notary_office', 'forensic_center', 'lawyer_duty'] },
  { key: 'complaint', title: '群众投诉登记本', types: ['complaint'], teams: ['complaints'] },
];

export function ledgerByKey(key: string): LedgerDef | undefined {
  return LEDGERS.find((l) => l.key === key);
}

export function ledgerFilters(
  l: LedgerDef,
  teamIdOf: (key: string) => number | undefined,
  f: Pick<OrderFilters, 'from' | 'to' | 'state' | 'region' | 'teamId'>,
): OrderFilters {
  const teamIds = l.teams.map(teamIdOf).filter((x): x is number => x !== undefined);
  return { ...f, typesOrTeams: { types: l.types, teamIds }, sort: 'newest', limit: 1000 };
}

const CHANNEL_LABEL: Record<string, string> = { web: '网络平台', voice: '热线', desk: '实体窗口', api: '接口' };

export const LEDGER_COLUMNS = [
  { key: 'no', header: '序号', width: 6 },
  { key: 'orderNo', header: '工单号', width: 24 },
  { key: 'createdAt', header: '登记时间', width: 18 },
  { key: 'channel', header: '受理渠道', width: 10 },
  { key: 'receiver', header: '首问接待人', width: 10 },
  { key: 'name', header: '当事人', width: 10 },
  { key: 'phone', header: '联系电话', width: 14 },
  { key: 'region', header: '地区', width: 14 },
  { key: 'type', header: '事项类型', width: 12 },
  { key: 'domain', header: '纠纷/咨询领域', width: 12 },
  { key: 'summary', header: '事项摘要', width: 40 },
  { key: 'team', header: '承办单位', width: 18 },
  { key: 'assignee', header: '承办人', width: 10 },
  { key: 'appointmentAt', header: '预约时间', width: 18 },
  { key: 'state', header: '办理状态', width: 10 },
  { key: 'resolvedAt', header: '办结时间', width: 18 },
  { key: 'resolution', header: '办理结果', width: 40 },
  { key: 'satisfaction', header: '满意度', width: 8 },
] as const;

export type LedgerRow = Record<(typeof LEDGER_COLUMNS)[number]['key'], string | number>;

export function ledgerRows(
  rows: OrderRow[],
  cal: BusinessCalendar,
  names: { team(id: number | null): string; person(id: number | null): string; receiver(orderId: number): string },
): LedgerRow[] {
  const local = (iso: string | null) => (iso ? `${cal.localDay(new Date(iso))} ${cal.localTime(new Date(iso))}` : '');
  return rows.map((o, i) => ({
    no: i + 1,
    orderNo: o.orderNo,
    createdAt: local(o.createdAt),
    channel: CHANNEL_LABEL[o.channel] ?? o.channel,
    receiver: names.receiver(o.id),
    name: o.citizenName ? maskName(o.citizenName) : '',
    phone: o.phoneMasked ?? '',
    region: o.region ?? '',
    type: ORDER_TYPE_LABEL[o.type as OrderType] ?? o.type,
    domain: o.domain ?? '',
    summary: o.summary,
    team: names.team(o.teamId),
    assignee: names.person(o.assigneeId),
    appointmentAt: local(o.appointmentAt),
    state: STATE_LABEL[o.state as OrderState] ?? o.state,
    resolvedAt: local(o.resolvedAt),
    resolution: o.resolution ?? '',
    satisfaction: o.satisfaction ?? '',
  }));
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: ledgers leave the building, names are masked too. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formula injection when opened in a spreadsheet
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 CSV with BOM (Excel opens Chinese correctly). */
export function toCsv(rows: LedgerRow[]): string {
  const lines = [LEDGER_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) lines.push(LEDGER_COLUMNS.map((c) => csvCell(r[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(title: string, rows: LedgerRow[], generatedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'lawline';
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(r);
  ws.addRow([]);
  ws.addRow([`${title}（导出时间 ${generatedAt}，个人信息已脱敏）`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
