/**
 * The test carts' binaries are what their sources assemble to: every test/envs/atari/carts/*.asm, assembled with
 * Debian's dasm (`dasm NAME.asm -f3 -oNAME.bin`, in that folder so its includes resolve), equals the committed .bin.
 * Skips with a message where dasm is not installed (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cartPath } from './oracle-compare.js';

const cartsDir = dirname(cartPath('x'));
const sources = readdirSync(cartsDir).filter((f) => f.endsWith('.asm')).sort();
const dasm = spawnSync('sh', ['-c', 'command -v dasm'], { encoding: 'utf8' }).stdout.trim();

test('every test cart re-assembles to its committed binary', { skip: dasm ? false : 'dasm is not installed' }, () => {
  assert.ok(sources.length > 0, `no .asm files in ${cartsDir}`);
  const out = mkdtempSync(join(tmpdir(), 'hrl-carts-'));
  try {
    let bytes = 0;
    for (const source of sources) {
      const name = source.replace(/\.asm$/, '');
      const target = join(out, `${name}.bin`);
      const run = spawnSync(dasm, [source, '-f3', `-o${target}`], { cwd: cartsDir, encoding: 'utf8' });
      assert.equal(run.status, 0, `dasm ${source} failed:\n${run.stdout}${run.stderr}`);
      const built = readFileSync(target), committed = readFileSync(join(cartsDir, `${name}.bin`));
      assert.equal(built.length, committed.length, `${name}.bin: ${committed.length} bytes committed, dasm makes ${built.length}`);
      const at = built.findIndex((b, i) => b !== committed[i]);
      assert.equal(at, -1, `${name}.bin differs from what ${source} assembles to at offset ${at}`);
      bytes += built.length;
    }
    console.log(`carts: ${sources.length} sources re-assembled with dasm, ${bytes} bytes equal to the committed binaries`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
