import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** What is remembered of one file between runs: its identity and the offset up to which the api acknowledged it. */
export const FileCheckpointSchema = Type.Object({
  path: Type.String(),
  dev: Type.Number(),
  ino: Type.Number(),
  fingerprint: Type.String(),
  fingerprintLength: Type.Integer({ minimum: 1 }),
  /** Bumped when the file was truncated in place (copytruncate), so record ids stay unique. */
  generation: Type.Integer({ minimum: 0 }),
  offset: Type.Integer({ minimum: 0 }),
  /** Unix ms of the last change; entries of files gone for long are pruned. */
  updatedAt: Type.Number(),
});
export type FileCheckpoint = Static<typeof FileCheckpointSchema>;

const CheckpointFileSchema = Type.Object({
  version: Type.Literal(1),
  files: Type.Array(FileCheckpointSchema),
});

/** Key of a file in the checkpoint: device and inode. */
export function fileKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}

/**
 * The tailer's offsets on disk: one JSON file, replaced atomically (written beside, then renamed over), so a
 * crash leaves either the old or the new version. Writes are serialised; the latest state wins.
 */
export class OffsetCheckpoint {
  private writing: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(readonly path: string) {}

  /** The saved entries (empty when there is no file yet); a corrupt file is an error naming the file. */
  async load(): Promise<Map<string, FileCheckpoint>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`log offsets file ${this.path} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Value.Check(CheckpointFileSchema, parsed)) {
      const first = [...Value.Errors(CheckpointFileSchema, parsed)][0];
      throw new Error(`log offsets file ${this.path}: ${first?.path ?? ''} ${first?.message ?? 'invalid'}`);
    }
    return new Map(parsed.files.map((f) => [fileKey(f.dev, f.ino), f]));
  }

  /** Saves `entries` (replacing the file); resolves once this version is on disk. */
  save(entries: Iterable<FileCheckpoint>): Promise<void> {
    const body = JSON.stringify({ version: 1, files: [...entries] });
    const next = this.writing.then(() => this.write(body));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(body: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${this.seq++}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, this.path);
  }
}
