// Unit and integration tests assert on behaviour, not on log lines; keep their output readable.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_SERVICE_NAME ??= 'orders-test';
