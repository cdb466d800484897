/**
 * What a command prints: human lines (colored on a terminal unless NO_COLOR or --no-color), or with --json
 * a single JSON document on stdout and nothing else.
 */
export class Output {
  private readonly color: boolean;

  constructor(readonly json: boolean, color: boolean, private readonly out: NodeJS.WritableStream = process.stdout, private readonly err: NodeJS.WritableStream = process.stderr) {
    this.color = color && !json;
  }

  /** A line of human output (nothing in --json mode). */
  line(text = ''): void {
    if (!this.json) this.out.write(`${text}\n`);
  }

  /** The one JSON document of a --json run. */
  document(value: Record<string, unknown>): void {
    if (this.json) this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** An error paragraph, on stderr (or as the JSON document). */
  error(message: string, details: Record<string, unknown> = {}): void {
    if (this.json) this.document({ ok: false, error: { message, ...details } });
    else this.err.write(`${this.paint('red', 'Error:')} ${message}\n`);
  }

  /** A warning line, on stderr (nothing in --json mode, where warnings travel in the document). */
  warn(message: string): void {
    if (!this.json) this.err.write(`${this.paint('yellow', 'Warning:')} ${message}\n`);
  }

  paint(color: 'red' | 'green' | 'yellow' | 'dim' | 'bold', text: string): string {
    if (!this.color) return text;
    const codes = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] }[color];
    return `\u001b[${codes[0]}m${text}\u001b[${codes[1]}m`;
  }
}
