/** Neural-network modules in the style of torch.nn. */
export { Module, type ForwardHook } from './module.js';
export { Linear, Conv2d, LayerNorm, Activation, MaxPool2d, Flatten, Sequential, type InitOptions, type InitSpec, type Conv2dOptions } from './layers.js';
export { Hadamard, HadamardBranch, type HadamardOptions, denseParamCount, hadamardParamCount, matchedPlainWidth } from './hadamard.js';
export { MLP, hiddenLayer, type MLPOptions, type HadamardPlacement } from './mlp.js';
export { summarize, formatSummary, type SummaryRow } from './summary.js';
export * as init from './init.js';
export { INITIALIZERS, type InitName } from './init.js';
export { softUpdate } from './soft-update.js';
