/** A JavaScript chunk of the measured app: its file name, its size and its gzipped size in bytes. */
export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}
/** The initial chunk's budget, gzipped, in bytes. */
export const INITIAL_CHUNK_BUDGET_BYTES: number;
/** Builds `import { glorotUniform } from 'nninit'` with Vite; the chunks a page loads first, and the later ones. */
export function measureBundle(): Promise<{ initial: ChunkSize[]; later: ChunkSize[] }>;
