export async function reportCommand(_argv: string[]): Promise<void> {
  throw new Error('not implemented yet');
}
