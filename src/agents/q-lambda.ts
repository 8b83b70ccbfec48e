/**
 * Q(λ) returns for PQN (Gallici et al. 2024; purejaxql `pqn_*.py` `_get_target`, CleanRL `pqn.py`), computed backwards
 * over a rollout of T steps × N envs stored time-major (index t·N + i):
 *
 *   G_t = r_t + γ (1 − d_t) [λ G_{t+1} + (1 − λ) max_a Q(s_{t+1}, a)]
 *
 * with G_{T} := max_a Q(s_{T}, a) at the rollout end (so G_{T−1} = r + γ max_a Q(s_T, a)). At an episode boundary
 * (the episode ended at step t) the next episode's G_{t+1} must not leak back: the return is the one-step target
 * r_t + γ (1 − terminated_t) max_a Q(s_final, a). A terminated episode does not bootstrap; a truncated one (time limit)
 * bootstraps from its final observation's value. λ = 0 gives one-step Q-learning targets, λ = 1 Monte-Carlo returns
 * bootstrapped only at the rollout end and at truncations.
 */

export interface QLambdaRollout {
  numSteps: number;
  numEnvs: number;
  /** r_t, [T × N] time-major. */
  rewards: ArrayLike<number>;
  /** 1 where the episode terminated at step t (no bootstrap). */
  terminated: ArrayLike<number>;
  /** 1 where the episode ended at step t, terminated or truncated (the next row starts a new episode). */
  ended: ArrayLike<number>;
  /**
   * max_a Q(s_{t+1}, a) for the true next state of step t: the next row's observation, the episode's final observation
   * where it ended (ignored where terminated), and the observation after the rollout for t = T − 1.
   */
  nextMaxQ: ArrayLike<number>;
}

/** The Q(λ) return of every step of the rollout, [T × N] time-major (written into `out` when given). */
export function qLambdaReturns(r: QLambdaRollout, gamma: number, lambda: number, out?: Float32Array): Float32Array {
  const { numSteps: T, numEnvs: N, rewards, terminated, ended, nextMaxQ } = r;
  const size = T * N;
  for (const [name, a] of [['rewards', rewards], ['terminated', terminated], ['ended', ended], ['nextMaxQ', nextMaxQ]] as const) {
    if (a.length !== size) throw new Error(`qLambdaReturns: ${name} has ${a.length} entries, expected ${T} × ${N} = ${size}`);
  }
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`qLambdaReturns: lambda must be in [0, 1], got ${lambda}`);
  const G = out ?? new Float32Array(size);
  if (G.length !== size) throw new Error(`qLambdaReturns: out has ${G.length} entries, expected ${size}`);
  for (let i = 0; i < N; i++) {
    // G_{t+1} of the step after t, for env i; at the rollout end it is the bootstrap value itself
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const k = t * N + i;
      const v = terminated[k] ? 0 : nextMaxQ[k]!;
      const g = t === T - 1 || ended[k] ? rewards[k]! + gamma * v : rewards[k]! + gamma * (lambda * next + (1 - lambda) * v);
      G[k] = g;
      next = g;
    }
  }
  return G;
}
