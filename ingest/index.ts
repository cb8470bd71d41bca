// The ingest module's public API: the pipeline (files → store), the work-order parser used by
// evals for k-fold, and the sample knowledge base.
export { ingestPaths, planFiles, type IngestOptions, type IngestSummary, type FileEvent } from './pipeline';
export { parseFile, SUPPORTED_EXTENSIONS, type ParsedFile, type FileFormat } from './parse-file';
export { parseWorkOrders, parseOrdersBytes, toPastOrder } from './parsers/orders';
export { extractCitations, parseCitationList } from './parsers/citations';
export { normalizeArticleNumber, chineseToInt, intToChinese } from '../knowledge/numerals';
export { ParseError } from './parsers/errors';
export { ensureSampleKnowledge, sampleFingerprint, SAMPLE_DIR } from './sample';
