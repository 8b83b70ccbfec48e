export * from './cartridge.js';
export * from './env.js';
export * from './games.js';
export * from './machine.js';
export { atariAvailable } from './native.js';
export * from './roms.js';
export * from './protocols.js';
export * from './protocol-env.js';
export * from './vector-env.js';
