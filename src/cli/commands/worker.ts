/** `hrl worker --redis URL --out DIR`: placeholder until the distributed executor lands. */
export async function workerCommand(_argv: string[]): Promise<void> {
  throw new Error('not implemented yet');
}
