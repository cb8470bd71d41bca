// OpenAPI 3.1 path items for /api/assist (merged into GET /api/openapi.json).
const sec = [{ bearer: [] }];
const err = { description: '错误：{error:{code,message}}' };
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const json = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties, required } } },
});
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });

export function assistOpenapi(): Record<string, unknown> {
  return {
    '/api/assist/contacts/{contactId}': {
      get: {
        tags: ['assist'],
        summary: '某次接触的最新推送：档案摘要、未办结工单、相关法条（本次问题/过往主题）、典型案例、相似工单办结信息（均含推送理由）',
        security: sec,
        parameters: [{ name: 'contactId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: ok('{id, contactId, citizenId, trigger, payload, tookMs, createdAt}'), 404: err },
      },
    },
    '/api/assist/suggest': {
      post: {
        tags: ['assist'],
        summary: '为会话、工单或接触生成建议答复（配置大模型时用大模型，否则基于法条的结构化草稿；引用均经核验）',
        security: sec,
        requestBody: json({
          conversationId: { type: 'string' },
          orderId: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
          contactId: { type: 'string' },
          question: { type: 'string' },
        }),
        responses: { 201: ok('{id, draft, citations, rejectedCitations, mode, topic, similarOrders}'), 400: err },
      },
    },
    '/api/assist/suggestions/{id}': { get: { tags: ['assist'], summary: '建议答复详情', security: sec, parameters: [idParam('id')], responses: { 200: ok('suggestion'), 404: err } } },
    '/api/assist/suggestions/{id}/outcome': {
      post: {
        tags: ['assist'],
        summary: '记录采纳 / 修改后采纳 / 不采纳（修改稿中的引用同样核验）',
        security: sec,
        parameters: [idParam('id')],
        requestBody: json({ outcome: { type: 'string', enum: ['adopted', 'edited', 'rejected'] }, text: { type: 'string' }, reason: { type: 'string' } }, ['outcome']),
        responses: { 200: ok('{id, outcome, finalText, citations}'), 403: err, 404: err, 409: err },
      },
    },
    '/api/assist/stats': {
      get: {
        tags: ['assist'],
        summary: '采纳率：总体、按坐席、按主题、按生成方式。adoptionRate=(采纳+修改后采纳)/已处理，asIsRate=直接采纳/已处理',
        security: sec,
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { 200: ok('{overall, byStaff, byTopic, byMode}') },
      },
    },
    '/api/assist/flags': {
      get: {
        tags: ['assist'],
        summary: '待审核反馈队列（答复有误、引用错误、缺少法条）',
        security: sec,
        parameters: [
          { name: 'state', in: 'query', schema: { type: 'string', enum: ['open', 'resolved', 'dismissed', 'all'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
        ],
        responses: { 200: ok('{flags}') },
      },
      post: {
        tags: ['assist'],
        summary: '反馈答复有误或缺少法条',
        security: sec,
        requestBody: json(
          {
            kind: { type: 'string', enum: ['bad_answer', 'wrong_citation', 'missing_article'] },
            targetKind: { type: 'string', enum: ['suggestion', 'message', 'conversation', 'order'] },
            targetId: { type: 'string' },
            law: { type: 'string' },
            article: { type: 'string' },
            question: { type: 'string' },
            note: { type: 'string' },
          },
          ['kind', 'note'],
        ),
        responses: { 201: ok('{flag}'), 400: err },
      },
    },
    '/api/assist/flags/{id}/resolve': {
      post: {
        tags: ['assist'],
        summary: '处理反馈（主管及以上）',
        security: sec,
        parameters: [idParam('id')],
        requestBody: json({ state: { type: 'string', enum: ['resolved', 'dismissed'] }, resolution: { type: 'string' } }, ['resolution']),
        responses: { 200: ok('{flag}'), 403: err, 409: err },
      },
    },
    '/api/assist/learn/{orderId}': {
      post: {
        tags: ['assist'],
        summary: '手动把已办结工单（脱敏后）加入知识库的历史工单（主管及以上；办结时自动进行）',
        security: sec,
        parameters: [idParam('orderId')],
        responses: { 200: ok('{status, pastOrderId}'), 503: err },
      },
    },
  };
}
