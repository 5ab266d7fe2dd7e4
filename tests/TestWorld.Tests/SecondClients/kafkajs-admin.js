// A kafkajs admin driver for tests: node kafkajs-admin.js, then one request per stdin line,
// {"brokers":"host:port","calls":[{"call":"createTopics","args":[{...}]}, ...]}, answered by one stdout line: an
// array with {"call","result"} or {"call","error":{name,type,code,message,errors?,groups?,cause?}} per call. Each
// request runs in a fresh admin session. kafkajs is pure JavaScript (no librdkafka).
'use strict';
const readline = require('readline');
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

async function run({ brokers, calls }) {
  const kafka = new Kafka({
    clientId: 'kpops-second-client',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 10000,
    // kafkajs looks up group coordinators by retrying once its metadata is refreshed; a short backoff keeps
    // calls that fail for good (an unknown topic is retriable) quick.
    retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
  });
  const admin = kafka.admin();
  const answers = [];
  await admin.connect();
  try {
    for (const { call, args } of calls) {
      try {
        const result = await admin[call](...(args ?? []));
        answers.push({ call, result: result === undefined ? null : result });
      } catch (e) {
        answers.push({ call, error: describe(e) });
      }
    }
  } finally {
    await admin.disconnect();
  }
  return answers;
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let answer;
    try {
      answer = await run(JSON.parse(line));
    } catch (e) {
      answer = [{ call: 'connect', error: describe(e) }];
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}

main().catch(e => {
  process.stderr.write(`kafkajs-admin: ${e.name}: ${e.message}\n`);
  process.exit(2);
});
