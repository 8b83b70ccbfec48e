/**
 * Generalised Advantage Estimation (Schulman et al. 2016) over a time-major rollout of N vectorised envs, for
 * same-step autoreset (src/envs/vector/types.ts): row t·N + i is env i at step t.
 *
 *   δ_t = r_t + γ·V(s_{t+1})·[not terminated] − V(s_t)
 *   A_t = δ_t + γλ·[episode did not end at t]·A_{t+1}
 *   R_t = A_t + V(s_t)              (the value target)
 *
 * where V(s_{t+1}) is the next row's value, or `lastValues` after the rollout's final step, or `finalValues` (the
 * value of the episode's last observation) where the episode was truncated. A terminated episode does not bootstrap;
 * neither kind of ended episode chains λ into the next episode's advantages.
 */

export interface GaeRollout {
  numSteps: number;
  numEnvs: number;
  /** r_t, [T·N]. */
  rewards: ArrayLike<number>;
  /** V(s_t) under the rollout's policy, [T·N]. */
  values: ArrayLike<number>;
  /** 1 where the episode terminated at step t (no bootstrap), [T·N]. */
  terminated: ArrayLike<number>;
  /** 1 where the episode was truncated at step t (bootstrap from finalValues), [T·N]. */
  truncated: ArrayLike<number>;
  /** V(final observation) where truncated (other rows are ignored), [T·N]. */
  finalValues: ArrayLike<number>;
  /** V(s_T) of the observation after the rollout, [N]. */
  lastValues: ArrayLike<number>;
}

/** Writes advantages and returns ([T·N] each; allocated if not given) and returns them. */
export function gae(r: GaeRollout, gamma: number, lambda: number, advantages: Float32Array = new Float32Array(r.numSteps * r.numEnvs), returns: Float32Array = new Float32Array(r.numSteps * r.numEnvs)): { advantages: Float32Array; returns: Float32Array } {
  const T = r.numSteps, N = r.numEnvs;
  const check = (name: string, a: ArrayLike<number>, n: number): void => {
    if (a.length < n) throw new Error(`gae: ${name} has ${a.length} entries, expected ${n}`);
  };
  for (const [name, a] of [['rewards', r.rewards], ['values', r.values], ['terminated', r.terminated], ['truncated', r.truncated], ['finalValues', r.finalValues], ['advantages', advantages], ['returns', returns]] as const) check(name, a, T * N);
  check('lastValues', r.lastValues, N);
  for (let i = 0; i < N; i++) {
    let next = 0; // A_{t+1}
    for (let t = T - 1; t >= 0; t--) {
      const k = t * N + i;
      let nextValue: number, carry: number;
      if (r.terminated[k]) {
        nextValue = 0;
        carry = 0;
      } else if (r.truncated[k]) {
        nextValue = r.finalValues[k]!;
        carry = 0;
      } else {
        nextValue = t === T - 1 ? r.lastValues[i]! : r.values[k + N]!;
        carry = t === T - 1 ? 0 : 1;
      }
      const delta = r.rewards[k]! + gamma * nextValue - r.values[k]!;
      next = delta + gamma * lambda * carry * next;
      advantages[k] = next;
      returns[k] = next + r.values[k]!;
    }
  }
  return { advantages, returns };
}
