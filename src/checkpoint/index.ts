/** Checkpoints in safetensors + JSON sidecar, written atomically; checkpoint sets with checksums (store.ts). */
export { encodeSafetensors, decodeSafetensors, type SafetensorsContent } from './safetensors.js';
export { saveCheckpoint, loadCheckpoint, encodeCheckpoint, decodeCheckpoint, saveModel, loadModel, sha256, CHECKPOINT_FORMAT, type CheckpointContent } from './checkpoint.js';
export { CheckpointStore, CheckpointIntegrityError, SET_FORMAT, type SetManifest, type StoredCheckpoint } from './store.js';
