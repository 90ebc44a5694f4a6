// Layer rules from the architecture brief, checked by `npm run lint`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'shared/domain imports nothing outside itself except zod, ulid and node built-ins.',
      severity: 'error',
      from: { path: '^shared/domain' },
      to: {
        pathNot: ['^shared/domain', '^node_modules/(zod|ulid)/', '^node:', 'crypto'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'usecases-through-ports',
      comment:
        'Use cases talk to ports and domain types only: no adapter, no AWS SDK, no DynamoDB key, command or expression (type-only imports count).',
      severity: 'error',
      from: { path: '^shared/usecases' },
      to: {
        pathNot: ['^shared/(domain|ports|usecases|config)/', '^node_modules/zod/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'functions-not-hosts',
      comment: 'Handlers never know which host runs them.',
      severity: 'error',
      from: { path: '^functions' },
      to: { path: '^(local|infra)/' },
    },
    {
      name: 'shared-below-entry-points',
      comment: 'shared/ never imports functions/, local/ or infra/, not even a type.',
      severity: 'error',
      from: { path: '^shared' },
      to: { path: '^(functions|local|infra)/' },
    },
    {
      name: 'infra-through-declarations',
      comment:
        'infra/ reaches code only through the route, job and stream tables (handler entry paths) and table declarations.',
      severity: 'error',
      from: { path: '^infra' },
      to: {
        path: '^(functions|shared)/',
        pathNot: [
          '^functions/routes\\.ts$',
          '^functions/jobs/index\\.ts$',
          '^functions/streams/index\\.ts$',
          '^functions/triggers/index\\.ts$',
          '^shared/config/resources\\.ts$',
          // One webhook secret per configured carrier.
          '^shared/config/carriers\\.ts$',
          // Shard counts: the stage's are validated at synth and set on every function.
          '^shared/config/scale\\.ts$',
          '^shared/http/route\\.ts$',
          '^shared/domain/access\\.ts$',
        ],
      },
    },
    {
      name: 'contract-from-declarations',
      comment:
        'The contract (contract/) is built from declarations: the route table, domain types and schemas, the HTTP layer. Never from adapters or use cases.',
      severity: 'error',
      from: { path: '^contract' },
      to: { path: '^(shared/(adapters|usecases|ports)|local|infra)/' },
    },
    {
      name: 'nothing-runs-on-the-contract',
      comment: 'Handlers, shared code and hosts never import contract/: it documents them, it is not part of them.',
      severity: 'error',
      from: { path: '^(functions|shared|local|infra)/' },
      to: { path: '^contract/' },
    },
    {
      name: 'client-is-standalone',
      comment: 'clients/typescript is a package of its own: it knows only its generated types and openapi-fetch.',
      severity: 'error',
      from: { path: '^clients/' },
      to: { path: '^(functions|shared|local|infra|contract|scripts|test)/' },
    },
    {
      name: 'web-through-the-client',
      comment:
        'The web app (web/src) runs in a browser and knows the backend only through the HTTP contract: the typed client, never its code.',
      severity: 'error',
      from: { path: '^web/src' },
      to: { path: '^(functions|shared|local|infra|contract|scripts|test|bench)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
