/**
 * The xAPI queue's saved format in IndexedDB, read back exactly as release 0.1.0 wrote it. A learner who
 * went offline under 0.1.0 has statements waiting in the browser; the next release must open that
 * database, find those records under the same queue name and send them — or they are lost for good.
 * Everything below is fixed as 0.1.0 wrote it (database name and version, stores, key paths, indexes,
 * the queue's partition name and the records themselves), written with the raw IndexedDB API, not with
 * today's store, so a change to either side of the format fails here where a round trip would not.
 * Each test file runs in its own browser context, so the database starts empty.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { type BrowserQueue, openBrowserQueue, queueName } from '../../src/tracking/browser-queue.js';
import { LrsClient } from '../../src/tracking/lrs-client.js';
import type { Statement } from '../../src/tracking/types.js';

/** The LRS and learner the 0.1.0 records were queued for, and that queue's partition name (UUID v5). */
const ENDPOINT = 'https://lrs.example.org/xapi/';
const PARTITION = 'learner-42';
const QUEUE = '344f3b5d-75a3-56fb-88f3-1720a8f31521';

/** An "answered" statement as release 0.1.0 built and queued it (xAPI 2.0 form; the client converts on sending). */
const ANSWERED: Statement = JSON.parse(
  '{"id":"9d1e05be-6a55-5ebb-a8ab-46c570e8a8f8","actor":{"objectType":"Agent","name":"Dana Learner","account":{"homePage":"https://lms.example.com","name":"learner-4711"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en":"answered"}},"object":{"objectType":"Activity","id":"https://pathway.example/models/tiny/items/l-freq-1","definition":{"type":"http://adlnet.gov/expapi/activities/cmi.interaction","name":{"en":"How often do you summarise what you heard before replying?"},"interactionType":"likert","scale":[{"id":"f0","description":{"en":"Never"}},{"id":"f1","description":{"en":"Rarely"}},{"id":"f2","description":{"en":"Sometimes"}},{"id":"f3","description":{"en":"Often"}},{"id":"f4","description":{"en":"Almost always"}}]}},"context":{"registration":"0f5c2a1e-7d3b-4e8a-9c61-5b2d4f3e8a71","contextActivities":{"parent":[{"objectType":"Activity","id":"https://pathway.example/models/tiny/assessment","definition":{"type":"http://adlnet.gov/expapi/activities/assessment","name":{"en":"Tiny test model"}}}],"grouping":[{"objectType":"Activity","id":"https://pathway.example/models/tiny/competencies/listening","definition":{"type":"https://w3id.org/xapi/tla/activity-types/competency","name":{"en":"Listening"},"description":{"en":"Hears people out before responding."}}}],"category":[{"objectType":"Activity","id":"https://pathway.example/xapi/profile/v1.0.0","definition":{"type":"http://adlnet.gov/expapi/activities/profile"}}]},"extensions":{"https://pathway.example/xapi/profile/extensions/session":"golden-1","https://pathway.example/xapi/profile/extensions/model-version":"1.0.0","https://pathway.example/xapi/profile/extensions/rater":"self","https://pathway.example/xapi/profile/extensions/sequence":1},"contextAgents":[{"objectType":"contextAgent","agent":{"objectType":"Agent","name":"Dana Learner","account":{"homePage":"https://lms.example.com","name":"learner-4711"}},"relevantTypes":["https://pathway.example/xapi/profile/rater-roles/self"]}]},"timestamp":"2026-01-15T09:00:00.000Z","result":{"response":"f0","duration":"PT4.7S"}}',
);

/** The outbox record 0.1.0 stored for it (`seq` is the store's auto-increment key). */
const OUTBOX_RECORD = { id: ANSWERED.id, statement: ANSWERED, enqueuedAt: '2026-01-15T09:00:01.250Z', queue: QUEUE };

/** A dead letter 0.1.0 stored after the LRS refused a statement (same statement under another id). */
const DEAD_ID = '5b8e7c1d-2f4a-5e6b-9c0d-1a2b3c4d5e6f';
const DEAD_RECORD = {
  id: DEAD_ID,
  statement: { ...ANSWERED, id: DEAD_ID },
  enqueuedAt: '2026-01-15T09:00:02.000Z',
  reason: 'LRS refused the statement (400): invalid extension',
  at: '2026-01-15T09:00:03.500Z',
  status: 400,
  queue: QUEUE,
};

const request = <T>(r: IDBRequest<T> | IDBOpenDBRequest): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result as T);
    r.onerror = () => reject(r.error);
  });

/** Creates the database exactly as release 0.1.0 did (version 1) and puts the records in, without today's code. */
async function writeAsRelease010(): Promise<void> {
  await request(indexedDB.deleteDatabase('pathway-xapi'));
  const opening = indexedDB.open('pathway-xapi', 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('byQueue', ['queue', 'seq']);
    outbox.createIndex('byId', ['queue', 'id'], { unique: true });
    db.createObjectStore('dead', { keyPath: ['queue', 'id'] });
  };
  const db = await request<IDBDatabase>(opening);
  const tx = db.transaction(['outbox', 'dead'], 'readwrite');
  tx.objectStore('outbox').add(OUTBOX_RECORD);
  tx.objectStore('dead').add(DEAD_RECORD);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function outboxRecords(): Promise<{ queue: string; id: string }[]> {
  const db = await request<IDBDatabase>(indexedDB.open('pathway-xapi'));
  const all = await request<{ queue: string; id: string }[]>(db.transaction('outbox').objectStore('outbox').getAll());
  db.close();
  return all;
}

async function until(condition: () => Promise<boolean>, what: string, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the xAPI queue’s records in IndexedDB, as release 0.1.0 saved them', () => {
  let queue: BrowserQueue | undefined;
  let lrs: { lrs: string; auth: string };
  before(async function () {
    // Starting the LRS process takes long on a loaded machine; the test itself waits for positive signals.
    this.timeout(180_000);
    lrs = (await executeServerCommand('pathway-xapi-start')) as { lrs: string; auth: string };
  });
  afterEach(() => queue?.detach());

  it('the queue for an LRS and learner keeps its 0.1.0 partition name', () => {
    expect(queueName(ENDPOINT, PARTITION)).to.equal(QUEUE);
  });

  it('statements queued offline under 0.1.0 are sent to the LRS by today’s queue, and dead letters still read', async function () {
    this.timeout(60_000);
    const { auth } = lrs;
    await writeAsRelease010();
    const problems: string[] = [];
    // The records are queued for ENDPOINT; the transport takes them to the real LRS on loopback.
    queue = await openBrowserQueue({
      lrs: { endpoint: ENDPOINT, auth },
      partition: PARTITION,
      transport: () => LrsClient.create({ endpoint: lrs.lrs, auth }),
      onProblem: (problem) => problems.push(problem.message),
    });

    // Positive signal first: the LRS has the statement; only then is the outbox checked for emptiness.
    const registration = ANSWERED.context!.registration!;
    let stored: Statement[] = [];
    await until(async () => {
      stored = (await executeServerCommand('pathway-xapi-statements', { registration })) as Statement[];
      return stored.length > 0;
    }, 'the 0.1.0 statement to reach the LRS');
    expect(problems).to.deep.equal([]);
    expect(stored.map((s) => s.id)).to.deep.equal([ANSWERED.id]);
    const [sent] = stored;
    expect(sent!.actor).to.deep.include({ account: ANSWERED.actor.account });
    expect(sent!.verb.id).to.equal(ANSWERED.verb.id);
    expect(sent!.object).to.deep.include({ id: (ANSWERED.object as { id: string }).id });
    expect(sent!.result).to.deep.include(ANSWERED.result!);
    expect(sent!.timestamp).to.equal(ANSWERED.timestamp);
    expect(sent!.context!.extensions).to.deep.equal(ANSWERED.context!.extensions);
    await until(async () => (await queue!.pending()) === 0, 'the outbox record to be removed');
    expect(await outboxRecords()).to.deep.equal([]);

    const { queue: _queue, ...letter } = DEAD_RECORD;
    expect(await queue.deadLetters()).to.deep.equal([letter]);
  });
});
