import assert from 'node:assert/strict';
import { test } from 'node:test';
import { torchIsaEnv } from '../../bench/lib/torch.js';

test('PyTorch is held to the instruction set ours runs at, and a variable the caller set wins', () => {
  assert.deepEqual(torchIsaEnv('avx2', {}), { OPENBLAS_CORETYPE: 'Haswell', ONEDNN_MAX_CPU_ISA: 'AVX2', ATEN_CPU_CAPABILITY: 'avx2' });
  // AVX-512: only OpenBLAS is named (its detection falls back to SSE3 kernels on CPUs newer than itself)
  assert.deepEqual(torchIsaEnv('avx512', {}), { OPENBLAS_CORETYPE: 'SkylakeX' });
  assert.deepEqual(torchIsaEnv('avx2', { OPENBLAS_CORETYPE: 'Zen' }), { ONEDNN_MAX_CPU_ISA: 'AVX2', ATEN_CPU_CAPABILITY: 'avx2' });
  assert.deepEqual(torchIsaEnv('neon', {}), {});
});
