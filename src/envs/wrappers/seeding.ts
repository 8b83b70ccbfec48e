/**
 * Wrappers with their own randomness derive their seed from the env's reset seed and their own name, so that
 * `reset({seed})` makes the whole stack reproducible while streams stay independent.
 */
export function wrapperSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return (Math.floor(seed) ^ h) >>> 0;
}
