// `node:http` for a function bundle (infra/constructs/house-function.ts aliases it here): the module
// Node already has, handed over as CommonJS. An ESM `import … from 'node:http'` makes Node build an
// ESM facade that reads every export, and the lazy `WebSocket`/`EventSource`… getters among them
// load undici (~25 ms of a cold start, docs/performance.md §7a). getBuiltinModule reads none.
module.exports = process.getBuiltinModule('node:http');
