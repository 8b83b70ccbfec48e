/**
 * What the training loop needs from an algorithm. An algorithm advances in its natural unit (DQN: one environment
 * step; PPO/PQN: one rollout and update), emits metric rows, and can save and restore its complete state so an
 * interrupted run resumes exactly.
 */
import type { CheckpointContent } from '../checkpoint/index.js';
import type { AgentNetwork } from '../agents/networks.js';
import type { MetricRow } from '../logging/metrics-log.js';
import type { Tensor } from '../tensor/index.js';
import type { Rng } from '../util/rng.js';
import type { DivergenceGuard } from './divergence-guard.js';

export type Emit = (row: MetricRow) => void;

export interface AgentState {
  checkpoint: CheckpointContent;
  /** Large binary blobs stored next to the checkpoint (e.g. the replay buffer), by file name. */
  files: Record<string, Uint8Array>;
}

export interface Agent {
  /** Environment steps taken so far (summed over vector envs). */
  readonly step: number;
  /** Finished training episodes. */
  readonly episodes: number;
  /** The network whose representation the diagnostics examine (its first head gives Q-values or logits). */
  readonly network: AgentNetwork;
  /** Checks every update for NaN and ±Inf (config key on-nonfinite); the loop logs what it skipped. */
  readonly guard: DivergenceGuard;
  /** Advance by one unit, emitting episode and train rows. */
  advance(emit: Emit): void;
  /** Mean return of the most recent episodes (NaN before the first), for the progress line. */
  recentReturn(): number;
  /** Network inputs for `n` states drawn from the agent's data (replay buffer or last rollout), or null if none yet. */
  sampleInputs(n: number, rng: Rng): Tensor | null;
  /** Greedy evaluation on fresh environments; returns each episode's return. */
  evaluate(episodes: number, seed: number): number[];
  state(): AgentState;
  restore(checkpoint: Required<CheckpointContent>, files: Record<string, Uint8Array>): void;
  /** File names of the binary blobs restore() needs (they may be absent when not saved). */
  readonly fileNames: readonly string[];
}
