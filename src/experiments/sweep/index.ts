/** Sweeps: grid expansion, stable run names, manifests, the local executor and the BullMQ distributed executor. */
export { parseSweepSpec, readSweepFile, expandSweep, sanitizeName, axisLabel, SweepError, type SweepSpec, type SweepRun, type AxisValue, type ConfigScalar } from './spec.js';
export { writeSweepFiles, readManifest, manifestPath, runDirOf, runAction, trainArgs, type SweepManifest, type RunAction } from './manifest.js';
export { defaultTrainer, launchRun, type LaunchedRun, type RunExit } from './launch.js';
export { runLocal, type LocalOptions, type RunOutcome, type SweepResult } from './local.js';
