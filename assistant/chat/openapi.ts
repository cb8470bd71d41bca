// OpenAPI 3.1 path items of the chat module (merged into GET /api/openapi.json).
const err = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } } } } } });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const Citation = { type: 'object', properties: { law: { type: 'string' }, article: { type: 'string' }, text: { type: 'string' }, status: { type: 'string', enum: ['in_force'] } }, required: ['law', 'article', 'text', 'status'] };
const Triage = {
  type: 'object',
  properties: { domain: { type: 'string' }, service: { type: 'string' }, confidence: { type: 'number' }, flags: { type: 'array', items: { type: 'string' } }, urgency: { type: 'string', enum: ['normal', 'high', 'emergency'] } },
};
const AnswerDone = {
  type: 'object',
  description: 'The final frame of a turn: answer_done (or clarify / handoff when the assistant asks back or hands off).',
  properties: {
    type: { type: 'string', enum: ['answer_done', 'clarify', 'handoff'] },
    conversationId: { type: 'string' },
    messageId: { type: 'string' },
    text: { type: 'string' },
    citations: { type: 'array', items: Citation },
    triage: Triage,
    mode: { type: 'string', enum: ['llm', 'rules'] },
    confidence: { type: 'number' },
    suggestions: { type: 'array', items: { type: 'string' } },
    options: { type: 'array', items: { type: 'string' } },
    orderNo: { type: 'string' },
    handoff: { type: 'object', properties: { orderNo: { type: 'string' }, text: { type: 'string' } } },
  },
  required: ['type', 'conversationId', 'text'],
};
/** A work-order status notice: the order opened from this conversation was claimed, resolved, transferred... */
const OrderStatus = {
  type: 'object',
  description: '工单进度提示（order_status 帧）：工作人员受理、开始办理、转办、退回重新分派、办结、重新办理或关闭工单时写入会话并推送；不含工作人员姓名和群众电话。',
  properties: {
    type: { type: 'string', enum: ['order_status'] },
    conversationId: { type: 'string' },
    messageId: { type: 'string' },
    orderNo: { type: 'string' },
    state: { type: 'string', enum: ['claimed', 'in_progress', 'assigned', 'returned', 'resolved', 'closed'], description: '变更后的工单状态' },
    text: { type: 'string', description: '给群众看的中文提示' },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['type', 'conversationId', 'messageId', 'orderNo', 'state', 'text', 'at'],
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } };

export function chatOpenApi(): Record<string, unknown> {
  return {
    '/api/chat': {
      post: {
        summary: '向智能助手提问（一轮对话）',
        description: 'JSON 返回最终帧（answer_done / clarify / handoff）；`Accept: text/event-stream` 时以 SSE 逐帧返回（ready, answer_delta, answer_done, suggestions, clarify, handoff, error）。',
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            additionalProperties: false,
            required: ['text'],
            properties: { text: { type: 'string', maxLength: 2000 }, conversationId: { type: 'string' }, citizen: { type: 'object', properties: { phone: { type: 'string' } } }, region: { type: 'string' } },
          }),
        },
        responses: { 200: { description: '最终帧', content: { ...json(AnswerDone), 'text/event-stream': { schema: { type: 'string' } } } }, 400: err('请求有误'), 413: err('内容过长'), 429: err('太频繁') },
      },
    },
    '/api/conversations/{id}': {
      get: {
        summary: '会话及全部消息（含引用、分类、评价）',
        description: '`messages` 按时间先后：`{id, role (citizen|assistant|staff), kind (question|answer|clarify|handoff|notice|staff|order_status), text, mode, confidence, citations, triage?, rating?, from?, at}`；`kind: order_status` 的工单进度提示另有 `orderNo` 与 `state`（与 order_status 帧相同）。',
        parameters: [idParam],
        responses: { 200: { description: '会话' }, 404: err('会话不存在') },
      },
    },
    '/api/conversations/{id}/events': {
      get: {
        summary: '会话事件流（SSE）：工作人员回复、转人工与工单进度',
        description:
          '供无法使用 WebSocket 的网页（兼容模式）接收推送：`text/event-stream`，每个事件的 `event` 为帧类型（`staff_message`、`handoff`、`order_status`），`data` 为与 /ws/chat 相同的 JSON 帧，`id` 为该消息在会话中的序号。连接后先收到一个只含 `id` 的事件块（当前位置），之后只推送新事件；断线重连时带 `Last-Event-ID` 请求头（或 `lastEventId` 查询参数）可补发错过的事件。每 20 秒发送注释心跳 `: ping`。访问规则与 `GET /api/conversations/{id}` 相同（会话编号即凭证）。',
        parameters: [
          idParam,
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: '上次收到的事件 id：补发其后的事件' },
          { name: 'lastEventId', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: '同 Last-Event-ID（无需 CORS 预检）' },
        ],
        responses: {
          200: {
            description: '事件流：`event: staff_message` / `event: handoff` / `event: order_status`，`data` 为 JSON 帧（order_status 的字段见 x-order-status-frame），`id` 为序号',
            content: {
              'text/event-stream': {
                schema: { type: 'string' },
                example:
                  'retry: 3000\nid: 4\n: open\n\nevent: order_status\ndata: {"type":"order_status","conversationId":"c_…","messageId":"m_…","orderNo":"12348-20261123-000001","state":"claimed","text":"您的工单 12348-20261123-000001 已由工作人员受理，将尽快为您办理。","at":"2026-11-23T07:59:00.000Z"}\nid: 5\n\nevent: staff_message\ndata: {"type":"staff_message","conversationId":"c_…","messageId":"m_…","text":"您好","from":"张律师","at":"2026-11-23T08:00:00.000Z"}\nid: 6\n\n: ping\n\n',
              },
            },
            'x-order-status-frame': OrderStatus,
          },
          400: err('会话编号格式不正确'),
          404: err('会话不存在'),
          429: err('太频繁'),
        },
      },
    },
    '/api/conversations/{id}/ratings': {
      post: {
        summary: '评价一条回答（有用/没用）',
        parameters: [idParam],
        requestBody: { required: true, content: json({ type: 'object', additionalProperties: false, required: ['messageId', 'useful'], properties: { messageId: { type: 'string' }, useful: { type: 'boolean' }, comment: { type: 'string', maxLength: 500 } } }) },
        responses: { 200: { description: '已评价' }, 404: err('回答不存在') },
      },
    },
    '/api/conversations/{id}/handoff': {
      post: {
        summary: '转人工（生成工单）',
        parameters: [idParam],
        requestBody: { content: json({ type: 'object', additionalProperties: false, properties: { phone: { type: 'string' }, reason: { type: 'string', maxLength: 500 } } }) },
        responses: { 200: { description: 'handoff 帧（含工单号）', content: json(AnswerDone) }, 503: err('人工服务不可用') },
      },
    },
    '/api/handoff': {
      post: {
        summary: '转人工（尚无会话时：新建会话并生成工单）',
        description: '还没有提问就要求人工服务（或服务端已没有该会话）时使用：新建一个会话并立即转人工；返回的 handoff 帧带新会话的 `conversationId`。',
        requestBody: { content: json({ type: 'object', additionalProperties: false, properties: { phone: { type: 'string' }, reason: { type: 'string', maxLength: 500 } } }) },
        responses: { 200: { description: 'handoff 帧（含工单号与 conversationId）', content: json(AnswerDone) }, 400: err('请求格式错误'), 429: err('请求过于频繁'), 503: err('人工服务不可用') },
      },
    },
    '/api/conversations/{id}/messages': {
      post: {
        summary: '工作人员回复群众（推送到群众的会话）',
        security: [{ bearer: [] }],
        parameters: [idParam],
        requestBody: { required: true, content: json({ type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } }) },
        responses: { 201: { description: '已发送' }, 401: err('未登录'), 404: err('会话不存在') },
      },
    },
    '/api/knowledge/search': {
      get: {
        summary: '法规库检索（含命中原因）',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
          { name: 'kind', in: 'query', schema: { type: 'string', description: '逗号分隔：law,regulation,interpretation,rule,local,case,order,faq' } },
          { name: 'law', in: 'query', schema: { type: 'string' } },
          { name: 'region', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } },
          { name: 'inForceOnly', in: 'query', schema: { type: 'string', enum: ['0', '1', 'true', 'false'] } },
        ],
        responses: { 200: { description: '命中列表及信号（案例、办事指南另含 cites：其适用的法条）' }, 400: err('参数有误'), 429: err('太频繁') },
      },
    },
    '/v1/chat/completions': {
      post: {
        summary: 'OpenAI 兼容接口（stream / non-stream）',
        description: '最后一条 user 消息为问题；请求头 X-Conversation-Id 维持多轮会话。引用、分类、转人工信息在扩展字段 `lawline`（流式时在最后一个 chunk）。设置 CHAT_API_KEYS 时需要 Bearer 密钥。',
        responses: { 200: { description: 'chat.completion 或 chat.completion.chunk 流' }, 400: { description: 'OpenAI 错误格式' }, 401: { description: '密钥无效' }, 429: { description: '太频繁' } },
      },
    },
  };
}
