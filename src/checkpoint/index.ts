/** Checkpoints in safetensors + JSON sidecar, written atomically. */
export { encodeSafetensors, decodeSafetensors, type SafetensorsContent } from './safetensors.js';
export { saveCheckpoint, loadCheckpoint, saveModel, loadModel, CHECKPOINT_FORMAT, type CheckpointContent } from './checkpoint.js';
