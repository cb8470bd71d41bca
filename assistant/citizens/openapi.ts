// OpenAPI 3.1 path items for /api/citizens (merged into GET /api/openapi.json).
const sec = [{ bearer: [] }];
const err = { description: '错误：{error:{code,message}}' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: '群众档案编号（cz_…）' };
const json = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties, required } } },
});
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export function citizensOpenapi(): Record<string, unknown> {
  return {
    '/api/citizens': {
      get: {
        tags: ['citizens'],
        summary: '按电话或身份证号查找群众（按密钥散列匹配，查询留痕）',
        security: sec,
        parameters: [
          { name: 'phone', in: 'query', schema: { type: 'string' } },
          { name: 'idCard', in: 'query', schema: { type: 'string' } },
        ],
        responses: { 200: ok('{citizens:[{id, phones(掩码), idCards(掩码), name(掩码), contacts}]}'), 400: err, 401: err },
      },
      post: {
        tags: ['citizens'],
        summary: '登记群众（已存在则返回原档案）',
        security: sec,
        requestBody: json({ phone: { type: 'string' }, idCard: { type: 'string' }, name: { type: 'string' } }),
        responses: { 201: ok('新建'), 200: ok('已存在'), 400: err, 401: err },
      },
    },
    '/api/citizens/{id}': {
      get: { tags: ['citizens'], summary: '群众档案基本信息（掩码）与合并记录', security: sec, parameters: [idParam], responses: { 200: ok('{citizen, merges}'), 404: err } },
    },
    '/api/citizens/{id}/archive': {
      get: {
        tags: ['citizens'],
        summary: '公民法律服务档案：全部接触与工单，新到旧，含主题、满意度与摘要',
        security: sec,
        parameters: [idParam, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } }],
        responses: { 200: ok('{citizen, overview, entries[], openOrders[]}'), 404: err },
      },
    },
    '/api/citizens/{id}/visits': {
      post: {
        tags: ['citizens'],
        summary: '登记窗口来访（触发再次来访推送）',
        security: sec,
        parameters: [idParam],
        requestBody: json({ text: { type: 'string' }, summary: { type: 'string' }, topic: { type: 'string' }, satisfaction: { type: 'integer', minimum: 1, maximum: 5 } }),
        responses: { 201: ok('{contact}'), 400: err, 404: err },
      },
    },
    '/api/citizens/{id}/contacts/{contactId}': {
      patch: {
        tags: ['citizens'],
        summary: '补记一次接触的摘要、主题、满意度',
        security: sec,
        parameters: [idParam, { name: 'contactId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: json({ summary: { type: 'string' }, topic: { type: 'string' }, satisfaction: { type: 'integer', minimum: 1, maximum: 5 } }),
        responses: { 200: ok('{contact}'), 404: err },
      },
    },
    '/api/citizens/{id}/reveal': {
      post: {
        tags: ['citizens'],
        summary: '查看完整号码（回访用）：主管及以上，或该群众有未办结工单/本人 24 小时内登记来访的坐席；必须填写事由，全程留痕',
        security: sec,
        parameters: [idParam],
        requestBody: json({ kind: { type: 'string', enum: ['phone', 'id'] }, reason: { type: 'string' } }, ['reason']),
        responses: { 200: ok('{kind, numbers:[{masked, value}]}'), 403: err, 404: err },
      },
    },
    '/api/citizens/{id}/merge': {
      post: {
        tags: ['citizens'],
        summary: '把重复档案合并到另一档案（可撤销，留痕）',
        security: sec,
        parameters: [idParam],
        requestBody: json({ into: { type: 'string' }, reason: { type: 'string' } }, ['into', 'reason']),
        responses: { 200: ok('{merge, citizen}'), 404: err, 409: err },
      },
    },
    '/api/citizens/merges/{mergeId}/undo': {
      post: {
        tags: ['citizens'],
        summary: '撤销合并',
        security: sec,
        parameters: [{ name: 'mergeId', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: json({ reason: { type: 'string' } }, ['reason']),
        responses: { 200: ok('{merge, source, target}'), 404: err, 409: err },
      },
    },
    '/api/citizens/{id}/access-log': {
      get: { tags: ['citizens'], summary: '该档案的个人信息访问记录（主管及以上）', security: sec, parameters: [idParam], responses: { 200: ok('{entries}'), 403: err } },
    },
  };
}
