// OpenAPI 3.1 path items of the orders and staff API, merged by server.ts into /api/openapi.json.
import { ORDER_TYPES, SLA_CLOCKS } from './rules';
import { CALLBACK_OUTCOMES } from './service';
import { STATES } from './state-machine';

const bearer = [{ bearer: [] }];
const err = { description: '错误：{error:{code,message}}（message 为中文）' };
const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
const str = { type: 'string' };
const int = { type: 'integer' };
const reason = { type: 'string', description: '原因（中文）' };
const version = { type: 'integer', description: '乐观锁：工单当前 version，不一致时返回 409' };
const article = obj({ law: str, article: str }, ['law', 'article']);
const orderNoParam = { name: 'orderNo', in: 'path', required: true, schema: { type: 'string', example: '12348-20260302-000123' } };

/** A running SLA clock as list items (and the detail) carry it. */
const slaClock = obj(
  {
    kind: { enum: SLA_CLOCKS, description: 'first_response 首次响应 / callback 回拨 / resolution 办结' },
    label: { type: 'string', description: '时钟名称（中文）' },
    warnAt: { type: 'string', format: 'date-time', description: '预警时间' },
    dueAt: { type: 'string', format: 'date-time', description: '截止时间（按工作日历计算）' },
    state: { enum: ['ok', 'warning', 'overdue'], description: '请求时的状态：ok 正常 / warning 已过预警时间 / overdue 已过截止时间' },
    stateLabel: { type: 'string', description: '正常 / 即将超时 / 已超时' },
  },
  ['kind', 'label', 'warnAt', 'dueAt', 'state', 'stateLabel'],
);

/** An order in list items (the main fields; see README for the full list). */
const orderItem = {
  type: 'object',
  properties: {
    orderNo: str,
    type: { enum: ORDER_TYPES },
    typeLabel: str,
    state: { enum: STATES },
    stateLabel: str,
    urgency: { enum: ['normal', 'high', 'emergency'] },
    priority: int,
    summary: str,
    phoneMasked: { type: ['string', 'null'] },
    team: { type: ['object', 'null'] },
    assignee: { type: ['object', 'null'] },
    waitingSince: str,
    waitingMinutes: int,
    version: int,
    actions: { type: 'array', items: str },
    slaClocks: { type: 'array', items: slaClock, description: '运行中的 SLA 时钟（整页一次查询）；已办结、关闭或合并的工单为空数组' },
  },
  required: ['orderNo', 'state', 'stateLabel', 'slaClocks'],
};

const ACTION_BODIES: Record<string, [string, Record<string, unknown>]> = {
  dispatch: ['按分派规则重新分派（主管）', obj({ reason, expectedVersion: version })],
  assign: ['人工指派到团队或工作人员（主管）', obj({ teamId: int, teamKey: str, assigneeId: int, reason, expectedVersion: version })],
  claim: ['认领（本团队待认领或指派给自己的工单）', obj({ expectedVersion: version })],
  start: ['开始办理', obj({ note: str, expectedVersion: version })],
  callback: ['登记回拨及结果', obj({ outcome: { enum: CALLBACK_OUTCOMES }, note: str, expectedVersion: version }, ['outcome'])],
  note: ['内部备注', obj({ note: str, expectedVersion: version }, ['note'])],
  reply: ['回复群众（推送到其在线会话）', obj({ text: str, expectedVersion: version }, ['text'])],
  reschedule: ['预约改期', obj({ appointmentAt: { type: 'string', format: 'date-time' }, place: str, note: str, reason, expectedVersion: version }, ['appointmentAt'])],
  transfer: ['转办到其他团队或机构', obj({ teamId: int, teamKey: str, assigneeId: int, reason, expectedVersion: version }, ['reason'])],
  return: ['退回待重新分派', obj({ reason, expectedVersion: version }, ['reason'])],
  resolve: ['办结：办理结果 + 引用法条（须存在且现行有效）', obj({ resolution: str, cited: { type: 'array', items: article }, expectedVersion: version }, ['resolution'])],
  revisit: ['回访：满意度 1-5、意见是否采纳', obj({ satisfaction: { type: 'integer', minimum: 1, maximum: 5 }, adopted: { type: 'boolean' }, comment: str, expectedVersion: version }, ['satisfaction'])],
  reopen: ['重开', obj({ reason, expectedVersion: version }, ['reason'])],
  merge: ['合并重复工单', obj({ into: str, reason, expectedVersion: version }, ['into', 'reason'])],
  close: ['关闭', obj({ reason, expectedVersion: version }, ['reason'])],
};

export function ordersOpenApi(): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/api/auth/login': {
      post: {
        tags: ['staff'],
        summary: '员工登录：返回 token 并设置 httpOnly Cookie lawline_session',
        requestBody: json(obj({ username: str, password: str }, ['username', 'password'])),
        responses: { 200: { description: '{token, staff, expiresAt}' }, 401: err, 429: err },
      },
    },
    '/api/auth/logout': { post: { tags: ['staff'], summary: '退出登录', security: bearer, responses: { 200: { description: '{ok:true}' }, 401: err } } },
    '/api/auth/me': { get: { tags: ['staff'], summary: '当前登录员工及所属团队', security: bearer, responses: { 200: { description: '{staff, team}' }, 401: err } } },
    '/api/staff': {
      get: { tags: ['staff'], summary: '员工列表（主管）', security: bearer, responses: { 200: { description: '{staff:[]}' } } },
      post: {
        tags: ['staff'],
        summary: '创建员工（管理员）',
        security: bearer,
        requestBody: json(obj({ username: str, name: str, password: str, role: { enum: ['agent', 'supervisor', 'admin'] }, teamId: int, maxLoad: int }, ['username', 'name', 'password', 'role'])),
        responses: { 201: { description: '{staff}' }, 400: err, 403: err, 409: err },
      },
    },
    '/api/staff/{id}': {
      patch: {
        tags: ['staff'],
        summary: '修改员工（管理员）：角色、团队、停用、重置密码（会注销其会话）',
        security: bearer,
        parameters: [{ name: 'id', in: 'path', required: true, schema: int }],
        requestBody: json(obj({ name: str, role: { enum: ['agent', 'supervisor', 'admin'] }, teamId: int, active: { type: 'boolean' }, maxLoad: int, password: str })),
        responses: { 200: { description: '{staff}' }, 400: err, 403: err, 404: err },
      },
    },
    '/api/teams': {
      get: { tags: ['staff'], summary: '团队与合作机构', security: bearer, responses: { 200: { description: '{teams:[]}' } } },
      post: {
        tags: ['staff'],
        summary: '创建团队（管理员）',
        security: bearer,
        requestBody: json(obj({ key: str, name: str, kind: { enum: ['internal', 'partner'] }, assignMode: { enum: ['load', 'pool'] }, region: str, phone: str }, ['key', 'name'])),
        responses: { 201: { description: '{team}' }, 409: err },
      },
    },
    '/api/access-log': {
      get: {
        tags: ['staff'],
        summary: '访问日志（管理员）',
        security: bearer,
        parameters: ['staffId', 'target', 'limit'].map((name) => ({ name, in: 'query', schema: str })),
        responses: { 200: { description: '{entries:[]}' } },
      },
    },
    '/api/orders/progress': {
      get: {
        tags: ['citizen'],
        summary: '群众查询进度：工单号 + 手机号后四位（限流；不匹配时统一返回 404）',
        parameters: [
          { name: 'orderNo', in: 'query', required: true, schema: str },
          { name: 'last4', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{4}$' } },
        ],
        responses: { 200: { description: 'ProgressView {orderNo, state, stateLabel, nextStep, updatedAt, history[]}' }, 404: err, 429: err },
      },
    },
    '/api/orders/{orderNo}/evaluate': {
      post: {
        tags: ['citizen'],
        summary: '群众评价已办结工单（凭手机号后四位）',
        parameters: [orderNoParam],
        requestBody: json(obj({ last4: str, satisfaction: { type: 'integer', minimum: 1, maximum: 5 }, adopted: { type: 'boolean' }, comment: str }, ['last4', 'satisfaction'])),
        responses: { 200: { description: 'ProgressView' }, 404: err, 409: err, 429: err },
      },
    },
    '/api/orders': {
      get: {
        tags: ['orders'],
        summary: '工单列表（默认按队列排序：紧急优先、等待最久优先）',
        security: bearer,
        parameters: [
          { name: 'state', in: 'query', schema: str, description: `逗号分隔：${STATES.join(',')}` },
          { name: 'type', in: 'query', schema: str, description: `逗号分隔：${ORDER_TYPES.join(',')}` },
          { name: 'teamId', in: 'query', schema: str, description: '团队 id 或 mine' },
          { name: 'assignee', in: 'query', schema: str, description: '员工 id 或 me' },
          { name: 'unassigned', in: 'query', schema: str, description: '1 = 待认领' },
          ...['urgency', 'region', 'q', 'from', 'to', 'sort', 'limit', 'offset'].map((name) => ({ name, in: 'query', schema: str })),
        ],
        responses: {
          200: {
            description: '{items:[order], total}；每个工单带运行中的 SLA 时钟 slaClocks[{kind, label, warnAt, dueAt, state, stateLabel}]',
            ...json(obj({ items: { type: 'array', items: orderItem }, total: int }, ['items', 'total'])),
          },
          401: err,
        },
      },
      post: {
        tags: ['orders'],
        summary: '窗口/热线新建工单（来访登记、预约、业务移交等），按规则自动分派',
        security: bearer,
        requestBody: json(
          obj(
            {
              type: { enum: ORDER_TYPES },
              summary: str,
              channel: { enum: ['web', 'voice', 'desk', 'api'] },
              citizen: obj({ name: str, phone: str }),
              region: str,
              domain: str,
              service: str,
              urgency: { enum: ['normal', 'high', 'emergency'] },
              appointmentAt: { type: 'string', format: 'date-time' },
              place: str,
              conversationId: str,
              teamId: int,
              assigneeId: int,
            },
            ['type', 'summary'],
          ),
        ),
        responses: { 201: { description: '{order}' }, 400: err, 401: err },
      },
    },
    '/api/orders/meta': { get: { tags: ['orders'], summary: '状态、操作、类型、回拨结果、团队（工作台用）', security: bearer, responses: { 200: { description: 'meta' } } } },
    '/api/orders/{orderNo}': {
      get: {
        tags: ['orders'],
        summary: '工单详情：全程留痕事件、回拨、预约、SLA 时钟（访问记入日志）',
        security: bearer,
        parameters: [orderNoParam],
        responses: { 200: { description: '{order, loads}' }, 404: err },
      },
    },
    '/api/orders/{orderNo}/reveal-phone': {
      post: {
        tags: ['orders'],
        summary: '查看完整电话（承办人/本团队/主管；记入访问日志，可附原因）',
        security: bearer,
        parameters: [orderNoParam],
        requestBody: json(obj({ reason: str })),
        responses: { 200: { description: '{orderNo, phone}' }, 403: err },
      },
    },
    '/api/orders/stats': {
      get: {
        tags: ['orders'],
        summary: '工单统计（主管）：按状态/类型、办结数、满意度、意见采纳率、SLA 达标、按承办人',
        security: bearer,
        parameters: ['from', 'to'].map((name) => ({ name, in: 'query', schema: str, description: 'YYYY-MM-DD 或 ISO 时间' })),
        responses: { 200: { description: 'OrderStats' }, 403: err },
      },
    },
    '/api/sla': { get: { tags: ['orders'], summary: 'SLA 总览：各时钟运行/预警/超时/达标数与风险工单', security: bearer, responses: { 200: { description: '{at, open, clocks, atRisk[]}' } } } },
    '/api/ledgers': { get: { tags: ['ledgers'], summary: '五台帐一登记', security: bearer, responses: { 200: { description: '{ledgers:[]}' } } } },
    '/api/ledgers/{key}': {
      get: {
        tags: ['ledgers'],
        summary: '台帐查询与导出（format=json|csv|xlsx；个人信息脱敏；记入访问日志）',
        security: bearer,
        parameters: [
          { name: 'key', in: 'path', required: true, schema: { enum: ['visit', 'dispute', 'legal_aid', 'appointment', 'referral', 'complaint'] } },
          ...['from', 'to', 'state', 'region', 'teamId', 'format'].map((name) => ({ name, in: 'query', schema: str })),
        ],
        responses: { 200: { description: 'JSON 或文件' }, 404: err },
      },
    },
  };
  for (const [action, [summary, body]] of Object.entries(ACTION_BODIES)) {
    paths[`/api/orders/{orderNo}/${action}`] = {
      post: {
        tags: ['orders'],
        summary,
        security: bearer,
        parameters: [orderNoParam],
        requestBody: json(body),
        responses: { 200: { description: '{order, event}' }, 400: err, 403: err, 404: err, 409: { description: 'invalid_transition 或 conflict' } },
      },
    };
  }
  return paths;
}
