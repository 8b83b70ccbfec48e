/**
 * The plasticity interventions an agent runs beside its updates, from the config keys redo-*, sp-*, reset-* and
 * l2-init (all off by default). An agent makes one Plasticity after its network and optimizer, passes each loss
 * through `regularize` (L2 Init) and calls `afterUpdate` after each optimizer step: when the update count reaches a
 * multiple of an intervention's period it runs, in the order ReDo, shrink-and-perturb, reset, and is logged as an
 * `intervention` row of metrics.jsonl. The random draws come from the scheduler's own seeded stream, which the
 * agent's checkpoint carries (`state`/`restore`), so a resumed run repeats the same interventions bit for bit.
 * Interventions act on the online network only; a DQN target network takes them up at its next update.
 */
import type { AgentNetwork } from '../agents/networks.js';
import type { Optimizer } from '../optim/index.js';
import { scratch, type Tensor } from '../tensor/index.js';
import type { Emit } from '../training/agent.js';
import type { TrainConfig } from '../training/config.js';
import { Rng, type RngState } from '../util/rng.js';
import { L2Init } from './l2-init.js';
import { redo } from './redo.js';
import { lastLayerNames, resetLastLayers } from './resets.js';
import { shrinkPerturb } from './shrink-perturb.js';

export type PlasticityConfig = Pick<TrainConfig,
  'seed' | 'probe-size' | 'redo-every' | 'redo-tau' | 'sp-every' | 'sp-shrink' | 'sp-noise' | 'reset-every' | 'reset-layers' | 'l2-init'>;

/** States for ReDo's dormancy scores: n drawn from the agent's data with the given stream (null before there are any). */
export type SampleInputs = (n: number, rng: Rng) => Tensor | null;

export class Plasticity {
  private readonly rng: Rng;
  private readonly l2: L2Init | null;
  /** The optimizer step count when afterUpdate last ran. */
  private lastUpdate: number;

  constructor(private readonly cfg: PlasticityConfig, private readonly network: AgentNetwork, private readonly optimizer: Optimizer, private readonly sampleInputs: SampleInputs) {
    this.rng = new Rng(cfg.seed * 7919 + 53);
    this.l2 = cfg['l2-init'] > 0 ? new L2Init(network.parameters(), cfg['l2-init']) : null;
    this.lastUpdate = optimizer.stepCount;
    if (cfg['reset-every'] > 0) lastLayerNames(network, cfg['reset-layers']); // fail now, not at the first reset
  }

  /** The loss with the L2 Init penalty added (unchanged when l2-init is 0). */
  regularize(loss: Tensor): Tensor {
    return this.l2 ? this.l2.regularize(loss) : loss;
  }

  /** Runs the interventions due at the optimizer's current update count; `step` (environment steps) labels the rows. */
  afterUpdate(step: number, emit: Emit): void {
    const u = this.optimizer.stepCount, before = this.lastUpdate;
    if (u === before) return;
    this.lastUpdate = u;
    const cfg = this.cfg;
    const due = (every: number): boolean => every > 0 && Math.floor(u / every) > Math.floor(before / every);
    const row = { kind: 'intervention', step, update: u } as const;
    if (due(cfg['redo-every'])) {
      const x = this.sampleInputs(cfg['probe-size'], this.rng);
      if (x) {
        const r = scratch(() => redo(this.network, x, cfg['redo-tau'], this.rng, this.optimizer));
        emit({ ...row, type: 'redo', tau: cfg['redo-tau'], neurons: r.neurons, params: r.params, layers: r.layers });
      }
    }
    if (due(cfg['sp-every'])) {
      const params = shrinkPerturb(this.network, cfg['sp-shrink'], cfg['sp-noise'], this.rng);
      emit({ ...row, type: 'shrink-perturb', shrink: cfg['sp-shrink'], noise: cfg['sp-noise'], params });
    }
    if (due(cfg['reset-every'])) {
      const r = resetLastLayers(this.network, cfg['reset-layers'], this.rng, this.optimizer);
      emit({ ...row, type: 'reset', layers: r.layers, params: r.params });
    }
  }

  /** What a checkpoint needs: the random stream and the update count last seen. */
  state(): Record<string, unknown> {
    return { rng: this.rng.getState() as unknown as Record<string, unknown>, lastUpdate: this.lastUpdate };
  }

  /** Restores `state()`; a checkpoint from before the interventions existed (undefined) keeps the fresh stream. */
  restore(s: unknown): void {
    if (s === undefined) {
      this.lastUpdate = this.optimizer.stepCount;
      return;
    }
    const o = s as { rng?: RngState; lastUpdate?: number };
    if (!o.rng || typeof o.lastUpdate !== 'number') throw new Error('checkpoint: the plasticity state needs rng and lastUpdate');
    this.rng.setState(o.rng);
    this.lastUpdate = o.lastUpdate;
  }
}
