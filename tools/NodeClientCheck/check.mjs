// The flows PointsDemo relies on, driven by Apache RocketMQ's official Node.js client
// (rocketmq-client-nodejs) against a broker; the same checks as ../CSharpClientCheck, with the
// same arguments:
//
//   node check.mjs --endpoint 127.0.0.1:8081 [--access-key <key> --secret-key <secret>]
//                  [--phase flows|before-kill|after-restart]
//
// The broker needs the TRANSACTION topic user-registered, the NORMAL topic normal-messages and
// the group points-service. Exits 0 when every check passes.
import { ConsumeResult, Producer, PushConsumer, SimpleConsumer } from 'rocketmq-client-nodejs';

const TransactionTopic = 'user-registered';
const NormalTopic = 'normal-messages';
const Group = 'points-service';
const Commit = 1; // apache.rocketmq.v2.TransactionResolution.COMMIT
const Wait = 60_000;

const option = (name) => { const at = process.argv.indexOf(name); return at > 0 ? process.argv[at + 1] : undefined; };
const endpoint = option('--endpoint') ?? usage();
const accessKey = option('--access-key');
const secretKey = option('--secret-key');
const phase = option('--phase') ?? 'flows';

// The client logs to a file under the home folder by default. Its warnings and errors are kept
// instead: they carry the status codes of refused requests, and are shown if a check fails.
const said = [];
const keep = (...args) => said.push(args.map(String).join(' '));
const quiet = { info() {}, debug() {}, warn: keep, error: keep };
const config = (secret = secretKey) => ({
  endpoints: endpoint,
  namespace: '',
  sslEnabled: false,
  logger: quiet,
  sessionCredentials: accessKey ? { accessKey, accessSecret: secret } : undefined,
});

let passed = 0;
let failed = 0;
function that(holds, what) {
  console.log(`${holds ? 'pass' : 'FAIL'}  ${what}`);
  if (!holds && said.length > 0) {
    console.log(`      the client said:\n      ${said.join('\n      ')}`);
  }
  holds ? passed++ : failed++;
}

const message = (topic, body) => ({ topic, tag: 'check', keys: [body], body: Buffer.from(body) });

async function refusal(action) {
  try {
    await action();
    return undefined;
  } catch (error) {
    return error;
  }
}

// A producer of user-registered whose checker commits, remembering the bodies it was asked about.
async function transactionProducer(askedAbout, ...moreTopics) {
  const producer = new Producer({
    ...config(),
    topic: [TransactionTopic, ...moreTopics],
    checker: { async check(view) { askedAbout.add(view.body.toString()); return Commit; } },
  });
  await producer.startup();
  return producer;
}

// Receives from user-registered as points-service until done (or a minute has passed), acking
// everything but what is to be let go; returns each delivery's body and attempt.
async function receive(done, letGo) {
  const consumer = new SimpleConsumer({ ...config(), consumerGroup: Group, subscriptions: new Map([[TransactionTopic, '*']]), awaitDuration: 5_000 });
  await consumer.startup();
  const delivered = [];
  const deadline = Date.now() + Wait;
  try {
    while (Date.now() < deadline && !done(delivered)) {
      for (const view of await consumer.receive(16, 10_000)) {
        const delivery = { body: view.body.toString(), attempt: view.deliveryAttempt };
        delivered.push(delivery);
        await (letGo(delivery) ? consumer.changeInvisibleDuration(view, 1_000) : consumer.ack(view));
      }
    }
  } finally {
    await consumer.shutdown();
  }
  return delivered;
}

const has = (delivered, body, attempt) => delivered.some(d => d.body === body && (attempt === undefined || d.attempt === attempt));

async function transactions() {
  const askedAbout = new Set();
  const producer = await transactionProducer(askedAbout, NormalTopic);
  try {
    const committed = producer.beginTransaction();
    const receipt = await producer.send(message(TransactionTopic, 'committed'), committed);
    await committed.commit();

    const rolledBack = producer.beginTransaction();
    await producer.send(message(TransactionTopic, 'rolled-back'), rolledBack);
    await rolledBack.rollback();

    // Neither committed nor rolled back: only the broker's check-back can resolve it.
    await producer.send(message(TransactionTopic, 'checked-back'), producer.beginTransaction());

    await producer.send(message(NormalTopic, 'pushed'));

    const refused = await refusal(() => producer.send(message('no-such-topic', 'nowhere')));
    that(refused?.code === 40402, `a send to an unknown topic is refused as not found: ${refused?.message.split('\n')[0]}`);

    // The committed message is not acked at its first delivery but given a new invisible duration:
    // it must come back as attempt 2.
    const delivered = await receive(
      delivered => has(delivered, 'checked-back') && has(delivered, 'committed', 2),
      delivery => delivery.body === 'committed' && delivery.attempt === 1);

    that(has(delivered, 'committed', 1), `a committed message is delivered (${receipt.messageId})`);
    that(has(delivered, 'committed', 2), 'after its invisible duration is changed, it is delivered again as attempt 2');
    that(!has(delivered, 'rolled-back'), 'a rolled-back message is never delivered');
    that(askedAbout.has('checked-back'), 'the broker checks back about the unresolved message');
    that(delivered.filter(d => d.body === 'checked-back').length === 1, 'the message the check-back committed is delivered once');
  } finally {
    await producer.shutdown();
  }
}

async function pushConsumerRetry() {
  const attempts = [];
  const consumer = new PushConsumer({
    ...config(),
    consumerGroup: 'normal-readers',
    subscriptions: new Map([[NormalTopic, '*']]),
    messageListener: {
      consume(view) {
        attempts.push(view.deliveryAttempt);
        return view.deliveryAttempt === 1 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
      },
    },
  });
  await consumer.startup();
  const deadline = Date.now() + Wait;
  while (Date.now() < deadline && attempts.length < 2) {
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  await consumer.shutdown();
  that(attempts.join() === '1,2', `a push consumer's failed consume is retried by the broker (attempts seen: ${attempts.join(', ')})`);
}

async function wrongSecret() {
  if (!accessKey) {
    return;
  }
  // The client asks for the topic's route first; the broker refuses that request, and the client
  // gives up starting, saying why only in its log.
  said.length = 0;
  const impostor = new Producer({ ...config('not-the-secret'), topic: [NormalTopic] });
  const refused = await refusal(() => impostor.startup());
  const unauthorized = said.find(line => line.includes('response-code=40100'));
  that(refused !== undefined && unauthorized !== undefined, `a client signing with the wrong secret is refused as unauthorized: ${unauthorized?.match(/response-code=40100.*/)?.[0]}`);
}

// The producer leaves with a committed message not yet delivered and a half message not yet
// resolved; the broker is then killed.
async function sendBeforeKill() {
  const producer = await transactionProducer(new Set());
  const committed = producer.beginTransaction();
  await producer.send(message(TransactionTopic, 'committed-before-kill'), committed);
  await committed.commit();
  await producer.send(message(TransactionTopic, 'unresolved-before-kill'), producer.beginTransaction());
  await producer.shutdown();
  that(true, 'a committed message and an unresolved half message sent; the broker may die now');
}

// The broker restarted from its data folder: the committed message is delivered, and the half
// message is checked back with a producer that connects now, then delivered.
async function receiveAfterRestart() {
  const askedAbout = new Set();
  const producer = await transactionProducer(askedAbout);
  try {
    const delivered = await receive(delivered => has(delivered, 'committed-before-kill') && has(delivered, 'unresolved-before-kill'), () => false);
    that(has(delivered, 'committed-before-kill'), 'the message committed before the kill is delivered after the restart');
    that(askedAbout.has('unresolved-before-kill'), 'the half message left unresolved before the kill is checked back after the restart');
    that(has(delivered, 'unresolved-before-kill'), 'and, committed by that check-back, delivered');
  } finally {
    await producer.shutdown();
  }
}

function usage() {
  console.error('usage: node check.mjs --endpoint <host:port> [--access-key <key> --secret-key <secret>] [--phase flows|before-kill|after-restart]');
  process.exit(2);
}

const phases = {
  flows: async () => { await transactions(); await pushConsumerRetry(); await wrongSecret(); },
  'before-kill': sendBeforeKill,
  'after-restart': receiveAfterRestart,
};
if (!phases[phase]) {
  usage();
}
await phases[phase]();
console.log(`${passed} passed, ${failed} failed`);
// The client keeps timers of its own after shutdown.
process.exit(failed === 0 ? 0 : 1);
