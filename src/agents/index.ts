/** The algorithms, registered with the training loop. */
import { registerAgent } from '../training/train.js';
import { DQNAgent } from './dqn.js';
import { PPOAgent } from './ppo.js';

registerAgent('dqn', (cfg) => new DQNAgent(cfg));
registerAgent('ppo', (cfg) => new PPOAgent(cfg));

export { DQNAgent } from './dqn.js';
export { ReplayBuffer, type ReplayBatch } from './replay-buffer.js';
export { AgentNetwork, resolveEncoder, type NetworkSpec, type HeadSpec } from './networks.js';
