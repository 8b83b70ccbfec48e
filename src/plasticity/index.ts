/** Plasticity interventions beside HR: ReDo, shrink-and-perturb, resets, L2 Init (CReLU is an activation: src/tensor). */
export { Plasticity, type PlasticityConfig, type SampleInputs } from './scheduler.js';
export { redo, dormantNeurons, type RedoResult, type RedoLayerEvent } from './redo.js';
export { shrinkPerturb } from './shrink-perturb.js';
export { resetLastLayers, lastLayerNames } from './resets.js';
export { L2Init } from './l2-init.js';
export { freshValues, layerGroups, paramLayers, type LayerGroup, type ParamLayer } from './layers.js';
