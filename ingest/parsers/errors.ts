// A file that cannot be ingested: the message says why, in Chinese, for the CLI's one error line.
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}
