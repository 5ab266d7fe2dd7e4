// Runs kafkajs admin calls against one broker: node kafkajs-admin.js <host:port> < calls.json
// stdin: [{"call":"createTopics","args":[{...}]}, ...]; stdout: one JSON line per call, {"call","result"} or
// {"call","error":{name,type,code,message,errors?,groups?,cause?}}. kafkajs is pure JavaScript (no librdkafka).
'use strict';
const { Kafka, logLevel } = require('kafkajs');

function describe(e) {
  if (!e) return null;
  return {
    name: e.name ?? null,
    type: e.type ?? null,
    code: e.code ?? null,
    message: e.message ?? String(e),
    errors: Array.isArray(e.errors) ? e.errors.map(describe) : undefined,
    groups: Array.isArray(e.groups)
      ? e.groups.map(g => ({ groupId: g.groupId, errorCode: g.errorCode, error: describe(g.error) }))
      : undefined,
    cause: describe(e.cause ?? e.originalError),
  };
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main() {
  const calls = JSON.parse(await readStdin());
  const kafka = new Kafka({
    clientId: 'kpops-second-client',
    brokers: [process.argv[2]],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 10000,
    // kafkajs looks up group coordinators by retrying once its metadata is refreshed; a short backoff keeps
    // calls that fail for good (an unknown topic is retriable) quick.
    retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const { call, args } of calls) {
      try {
        const result = await admin[call](...(args ?? []));
        process.stdout.write(JSON.stringify({ call, result: result === undefined ? null : result }) + '\n');
      } catch (e) {
        process.stdout.write(JSON.stringify({ call, error: describe(e) }) + '\n');
      }
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch(e => {
  process.stderr.write(`kafkajs-admin: ${e.name}: ${e.message}\n`);
  process.exit(2);
});
