// Adapter from the project's ONE citation checker (assistant/answer/citations.ts, chat module)
// to the shape suggest.ts needs. Wired once that file lands.
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { CitationChecker } from './suggest';

export function projectChecker(_ctx: AppContext): CitationChecker {
  throw new AppError('unavailable', '引用核验服务尚未启用，暂不能生成建议答复。');
}
