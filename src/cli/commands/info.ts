/** `hrl info`: the compute backend in use (instruction set, threads) and the runtime. */
import { cpus } from 'node:os';
import { backend } from '../../tensor/index.js';

export async function infoCommand(): Promise<void> {
  const be = backend();
  console.log(`hadamard-rl backend: ${be.describe()}`);
  console.log(`node ${process.version} on ${process.platform}-${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
  console.log(`select with HRL_BACKEND=ts|native; threads with HRL_THREADS=N; instruction set with HRL_ISA=scalar|avx2|avx512`);
}
