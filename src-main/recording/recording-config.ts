import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

/**
 * The `recording` section of config.json. Absent `enabled` means on in PAPER mode and off in
 * LIVE mode; `dir` is relative to the data directory unless absolute (default `recordings`).
 */
export const RecordingConfigSchema = z
  .object({
    enabled: z.boolean().optional(),
    dir: z.string().min(1).optional(),
    /** A part is closed and the next begun past this size (default 64). */
    maxFileMB: z.number().positive().max(4_096).optional(),
    /** … or once it is this old (default 60). */
    rotateAfterMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict();
export type RecordingConfig = z.infer<typeof RecordingConfigSchema>;

export interface RecordingSettings {
  enabled: boolean;
  /** The recordings directory; each session gets a directory in it. */
  dir: string;
  maxFileBytes: number;
  rotateAfterMs: number;
}

export function recordingSettings(
  mode: 'PAPER' | 'LIVE',
  config: RecordingConfig | undefined,
  dataDir: string,
): RecordingSettings {
  const dir = config?.dir ?? 'recordings';
  return {
    enabled: config?.enabled ?? mode === 'PAPER',
    dir: isAbsolute(dir) ? dir : join(dataDir, dir),
    maxFileBytes: Math.round((config?.maxFileMB ?? 64) * 1024 * 1024),
    rotateAfterMs: Math.round((config?.rotateAfterMinutes ?? 60) * 60_000),
  };
}
