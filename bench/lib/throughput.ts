/** Environment steps per second of an agent, measured over `units` calls of advance() per repetition. */
import type { Agent } from '../../src/training/agent.js';

export function agentStepsPerSecond(agent: Agent, units: number, reps: number, warmupUnits = 1): number[] {
  const noop = (): void => {};
  for (let i = 0; i < warmupUnits; i++) agent.advance(noop);
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const step0 = agent.step, t0 = performance.now();
    for (let u = 0; u < units; u++) agent.advance(noop);
    out.push(((agent.step - step0) * 1000) / (performance.now() - t0));
  }
  return out;
}
