/** A printable summary of a module tree: each leaf layer with its output shape and parameter count. */
import { noGrad, type Tensor } from '../tensor/index.js';
import type { Module } from './module.js';

export interface SummaryRow {
  path: string;
  layer: string;
  outputShape: readonly number[] | null;
  params: number;
}

function ownParamCount(m: Module): number {
  const childParams = m.namedChildren().reduce((n, [, c]) => n + c.numParameters(), 0);
  return m.numParameters() - childParams;
}

/**
 * Rows for every module that owns parameters or has no children (the layers a reader thinks in). When an example input
 * is given, each row also shows the module's output shape (captured with forward hooks, without recording gradients).
 */
export function summarize(model: Module, exampleInput?: Tensor): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const shapes = new Map<Module, readonly number[]>();
  const modules = model.namedModules();
  if (exampleInput) {
    const removers = modules.map(([, m]) => m.registerForwardHook((mod, _x, y) => shapes.set(mod, y.shape)));
    try {
      noGrad(() => model.forward(exampleInput));
    } finally {
      removers.forEach((r) => r());
    }
  }
  for (const [path, m] of modules) {
    const leafish = m.namedChildren().length === 0 || ownParamCount(m) > 0;
    if (!leafish || m === model) continue;
    rows.push({ path, layer: m.describe(), outputShape: shapes.get(m) ?? null, params: ownParamCount(m) });
  }
  return rows;
}

export function formatSummary(model: Module, exampleInput?: Tensor): string {
  const rows = summarize(model, exampleInput);
  const cells = rows.map((r) => [r.path, r.layer, r.outputShape ? `[${r.outputShape.join(', ')}]` : '', r.params.toLocaleString('en-US')]);
  const header = ['path', 'layer', 'output', 'params'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `total parameters: ${model.numParameters().toLocaleString('en-US')}`].join('\n');
}
