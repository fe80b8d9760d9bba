import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where a running host can be reached: written (owner-only) next to the lock once the web
 * transport listens, so the CLI on the same machine finds the URL and the bearer token.
 */
export const HostFileSchema = z.object({
  pid: z.number().int(),
  origin: z.string().url(),
  token: z.string().min(16),
  mode: z.enum(['PAPER', 'LIVE']),
  startedAt: z.number().int(),
});
export type HostFile = z.infer<typeof HostFileSchema>;

export function hostFilePath(dataDir: string): string {
  return join(dataDir, 'host.json');
}

export function writeHostFile(dataDir: string, content: HostFile): void {
  writeFileSync(hostFilePath(dataDir), JSON.stringify(content), { mode: 0o600 });
}

export function removeHostFile(dataDir: string): void {
  rmSync(hostFilePath(dataDir), { force: true });
}

/** The running host's coordinates, or null when none is recorded or the file is unreadable. */
export function readHostFile(dataDir: string): HostFile | null {
  try {
    const parsed = HostFileSchema.safeParse(
      JSON.parse(readFileSync(hostFilePath(dataDir), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
