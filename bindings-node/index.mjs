// ESM entry point: the same objects as the CommonJS one (one module instance).
// Node lists index.js's exports statically, following its spread of
// `require('./errors.js')`, so each of them is a named export here too.
export * from './index.js';
export { default } from './index.js';
