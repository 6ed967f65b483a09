/** A configuration problem; the message names the file, the line and the field (or the environment variable). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(message: string, position: { file?: string; line?: number; field?: string } = {}) {
    super(message);
    this.file = position.file;
    this.line = position.line;
    this.field = position.field;
  }
}
