/** The algorithms, registered with the training loop. */
import type { TrainConfig } from '../training/config.js';
import { registerAgent, type StepUnit } from '../training/train.js';
import { DQNAgent } from './dqn.js';
import { PQNAgent } from './pqn.js';
import { PPOAgent } from './ppo.js';

/** PPO and PQN advance one rollout at a time: their step budgets are whole rollouts (see stepBudget). */
const rollout = (cfg: TrainConfig): StepUnit => ({
  steps: cfg['num-envs'] * cfg['num-steps'], what: `rollouts of num-envs × num-steps (${cfg['num-envs']} × ${cfg['num-steps']})`,
});

registerAgent('dqn', (cfg) => new DQNAgent(cfg));
registerAgent('pqn', (cfg) => new PQNAgent(cfg), rollout);
registerAgent('ppo', (cfg) => new PPOAgent(cfg), rollout);

export { DQNAgent } from './dqn.js';
export { PQNAgent, pqnDefaults } from './pqn.js';
export { qLambdaReturns, type QLambdaRollout } from './q-lambda.js';
export { ReplayBuffer, type ReplayBatch, type Replay } from './replay-buffer.js';
export { FrameReplayBuffer, makeReplayBuffer, frameReplayBytes } from './frame-replay-buffer.js';
export { AgentNetwork, resolveEncoder, type NetworkSpec, type HeadSpec } from './networks.js';
