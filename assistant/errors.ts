// Typed errors: a stable code for clients and a message in Simplified Chinese for people.
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'unknown_type'
  | 'unknown_field'
  | 'too_large'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  unknown_type: 400,
  unknown_field: 400,
  too_large: 413,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  unavailable: 503,
  internal: 500,
};

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  bad_request: '请求内容有误，请检查后重试。',
  invalid_json: '消息格式不正确（不是有效的 JSON）。',
  unknown_type: '不支持的消息类型。',
  unknown_field: '请求中包含不支持的字段。',
  too_large: '内容过长，请精简后再发送。',
  rate_limited: '发送太频繁了，请稍后再试。',
  unauthorized: '请先登录。',
  forbidden: '您没有权限执行此操作。',
  not_found: '没有找到相关内容。',
  conflict: '操作冲突，请刷新后重试。',
  invalid_transition: '当前状态下不能执行该操作。',
  unavailable: '服务暂时不可用，请稍后再试。',
  internal: '系统出现了问题，请稍后再试，或拨打 12348 热线。',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Message shown to citizens or staff, in Simplified Chinese. */
    readonly userMessage: string = DEFAULT_MESSAGE[code],
    /** Internal detail for logs (English, no personal data). */
    detail?: string,
  ) {
    super(detail ?? `${code}: ${userMessage}`);
    this.status = STATUS[code];
  }
  toJSON() {
    return { code: this.code, message: this.userMessage };
  }
}

export function toAppError(e: unknown): AppError {
  return e instanceof AppError ? e : new AppError('internal', undefined, e instanceof Error ? e.message : String(e));
}
