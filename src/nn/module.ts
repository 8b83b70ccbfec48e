/**
 * Module: the PyTorch-style building block. A module owns named parameters and named child modules, has a train/eval
 * mode, and exposes its tensors as a flat state dict ("layer.0.weight" → Tensor) for checkpoints.
 * Subclasses implement `forward`. Forward hooks (used by the diagnostics to capture activations) wrap `forward` on the
 * instance only while registered, so unhooked modules pay nothing.
 */
import { releaseGrad, retainStorage, Tensor } from '../tensor/index.js';
import { fmt } from '../tensor/shape.js';

export type ForwardHook = (module: Module, input: Tensor, output: Tensor) => void;

export abstract class Module {
  training = true;
  private readonly params = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();
  private hooks: ForwardHook[] = [];

  abstract forward(x: Tensor): Tensor;

  /** A short description for summaries, e.g. "Linear(512 → 18)". */
  describe(): string {
    return this.constructor.name;
  }

  protected registerParameter(name: string, t: Tensor): Tensor {
    if (name.includes('.')) throw new Error(`parameter name '${name}' may not contain '.'`);
    t.requiresGrad = true;
    this.params.set(name, t);
    return t;
  }

  protected registerModule<M extends Module>(name: string, m: M): M {
    if (name.includes('.')) throw new Error(`module name '${name}' may not contain '.'`);
    this.children.set(name, m);
    return m;
  }

  namedChildren(): [string, Module][] {
    return [...this.children.entries()];
  }

  /** This module and all descendants with dotted paths ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.children) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, p] of this.params) out.push([prefix ? `${prefix}.${name}` : name, p]);
    for (const [name, child] of this.children) out.push(...child.namedParameters(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) releaseGrad(p);
  }

  /** Parameter tensors by dotted name (they share storage with the module: copy before mutating). */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters().map(([n, p]) => [n, p.detach()]));
  }

  /** Copies values in; names and shapes must match exactly (strict) and errors list every mismatch. */
  loadStateDict(state: Readonly<Record<string, Tensor>>, strict = true): void {
    const own = new Map(this.namedParameters());
    const problems: string[] = [];
    for (const [name, p] of own) {
      const src = state[name];
      if (!src) {
        if (strict) problems.push(`missing '${name}'`);
        continue;
      }
      if (src.size !== p.size || src.shape.length !== p.shape.length || src.shape.some((d, i) => d !== p.shape[i])) {
        problems.push(`'${name}' has shape ${fmt(src.shape)} but the module expects ${fmt(p.shape)}`);
        continue;
      }
      p.data.set(src.data);
    }
    if (strict) for (const name of Object.keys(state)) if (!own.has(name)) problems.push(`unexpected '${name}'`);
    if (problems.length > 0) throw new Error(`loadStateDict: ${problems.join('; ')}`);
  }

  /** Copies all parameter values from another module of the same architecture (e.g. a DQN target network). */
  copyFrom(other: Module): void {
    this.loadStateDict(other.stateDict());
  }

  /** Whether forward hooks are registered (containers then run this module on its own, never fused). */
  get hasForwardHooks(): boolean {
    return this.hooks.length > 0;
  }

  /** Calls hook(module, input, output) after every forward of this module; returns a function that removes it. */
  registerForwardHook(hook: ForwardHook): () => void {
    if (this.hooks.length === 0) {
      const plain = Object.getPrototypeOf(this).forward as (x: Tensor) => Tensor;
      this.forward = (x: Tensor): Tensor => {
        const y = plain.call(this, x);
        // a hook may keep what it sees (the diagnostics do): no scratch scope may recycle it
        retainStorage(x);
        retainStorage(y);
        for (const h of this.hooks) h(this, x, y);
        return y;
      };
    }
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== hook);
      if (this.hooks.length === 0) delete (this as { forward?: unknown }).forward;
    };
  }
}
