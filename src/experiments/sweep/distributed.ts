export interface DistributedOptions { redis: string; queue?: string | undefined }
export async function runDistributedSweep(_dir: string, _runs: readonly unknown[], _opts: DistributedOptions): Promise<{ failed: { name: string; reason: string }[] }> {
  throw new Error('not implemented yet');
}
