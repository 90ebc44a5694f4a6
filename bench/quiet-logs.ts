// Imported first by run.ts, before any app module creates its logger: the table is the bench's output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_SERVICE_NAME ??= 'bench';
