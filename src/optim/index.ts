/** Optimizers, gradient clipping and schedules (torch.optim-style). */
export { Optimizer, clipGradNorm, gradNorm, type OptimizerState } from './optimizer.js';
export { SGD, Adam, RAdam, RMSprop, type SGDOptions, type AdamOptions, type RMSpropOptions } from './optimizers.js';
export { LinearSchedule } from './schedule.js';
