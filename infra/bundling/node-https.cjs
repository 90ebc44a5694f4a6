// `node:https` for a function bundle: see node-http.cjs.
module.exports = process.getBuiltinModule('node:https');
