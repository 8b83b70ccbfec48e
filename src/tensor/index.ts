/** The tensor engine: Tensor, factories, autograd controls, backends and functional ops. */
import './backends/native.js';
export { Tensor, IndexTensor, tensor, fromBytes, zeros, ones, full, randn, rand, arange, releaseGrad, scratch, temporary, retainStorage, type GradFn, type TensorLike } from './tensor.js';
export { recycleBuffer, clearBufferPool, bufferPoolStats, withRecycling } from './buffer-pool.js';
export { backend, setBackend, withBackend, selectBackend, referenceBackend, registerBackendLoader, noGrad, isGradEnabled } from './engine.js';
export type { Backend, UnaryOp, BinaryOp, ReduceOp, Conv2dGeometry, ConvInput, ByteFrames } from './backend.js';
export { UNARY_OPS, BINARY_OPS } from './backend.js';
export { ReferenceBackend } from './backends/reference.js';
export { type Shape, shapeSize, broadcastShapes } from './shape.js';
export { add, sub, mul, div, maximum, minimum, clamp, where, compare, unaryOp } from './ops/elementwise.js';
export { sum, mean, variance, maxAlong, minAlong, argmax } from './ops/reduce.js';
export { reshape, flatten, permute, transpose, slice, narrow, concat, stack, gather, expand } from './ops/shape-ops.js';
export { matmul, linear } from './ops/linalg.js';
export {
  ACTIVATIONS, type ActivationName, isActivation, checkActivation, activation,
  LAYER_ACTIVATIONS, type LayerActivationName, checkLayerActivation, activationWidthFactor, crelu, layerActivation,
  relu, leakyRelu, elu, gelu, silu, tanh, sigmoid, softplus,
  softmax, logSoftmax, layerNorm, conv2d, conv2dRelu, maxPool2d, type Pair,
  mseLoss, huberLoss, crossEntropy, categoricalEntropy,
} from './ops/nn-functional.js';
