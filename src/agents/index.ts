/** The algorithms, registered with the training loop. */
import { registerAgent } from '../training/train.js';
import { DQNAgent } from './dqn.js';
import { PQNAgent } from './pqn.js';
import { PPOAgent } from './ppo.js';

registerAgent('dqn', (cfg) => new DQNAgent(cfg));
registerAgent('pqn', (cfg) => new PQNAgent(cfg));
registerAgent('ppo', (cfg) => new PPOAgent(cfg));

export { DQNAgent } from './dqn.js';
export { PQNAgent, pqnDefaults } from './pqn.js';
export { qLambdaReturns, type QLambdaRollout } from './q-lambda.js';
export { ReplayBuffer, type ReplayBatch, type Replay } from './replay-buffer.js';
export { FrameReplayBuffer, makeReplayBuffer, frameReplayBytes } from './frame-replay-buffer.js';
export { AgentNetwork, resolveEncoder, type NetworkSpec, type HeadSpec } from './networks.js';
