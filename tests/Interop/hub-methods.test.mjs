// Every contract method through the official client, on every transport/protocol pair the target supports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer, connect, matrix, closed, collectStream, withTimeout, delay, signalR, TEST_TIMEOUT_MS, contractObject, isReference,
} from './harness.mjs';

const server = useServer();
const t = { timeout: TEST_TIMEOUT_MS };

for (const combo of matrix) {
  const open = (extra = {}) => connect(server.url, { ...combo, ...extra });

  describe(combo.name, () => {
    test('welcome carries the connection id, and GetConnectionId agrees', t, async () => {
      const connection = await open();
      const [welcomeId] = await connection.inbox.next('welcome');
      assert.equal(welcomeId, connection.connectionId);
      assert.equal(await connection.invoke('GetConnectionId'), connection.connectionId);
    });

    test('Echo returns the message (case-insensitive method name, non-ASCII text)', t, async () => {
      const connection = await open();
      assert.equal(await connection.invoke('Echo', 'hello'), 'hello');
      assert.equal(await connection.invoke('echo', 'grüße 🚀 \u001e'), 'grüße 🚀 \u001e');
      assert.equal(await connection.invoke('ECHO', ''), '');
    });

    test('EchoBytes returns the bytes', t, async () => {
      const connection = await open();
      const bytes = Uint8Array.from([0, 1, 2, 127, 128, 255]);
      if (combo.protocol === 'json') {
        // The JSON protocol carries byte[] as base64 text.
        const base64 = Buffer.from(bytes).toString('base64');
        assert.equal(await connection.invoke('EchoBytes', base64), base64);
      } else {
        const result = await connection.invoke('EchoBytes', bytes);
        assert.ok(result instanceof Uint8Array, `expected Uint8Array, got ${Object.prototype.toString.call(result)}`);
        assert.deepEqual([...result], [...bytes]);
      }
    });

    test('EchoObject returns the object unchanged', t, async () => {
      const connection = await open();
      const value = contractObject(combo.protocol, { name: 'widget', value: 42, tags: ['a', 'b', 'ü'] });
      assert.deepEqual(await connection.invoke('EchoObject', value), value);
    });

    if (combo.protocol === 'messagepack') {
      test('EchoObject with the JavaScript camelCase keys: ours binds them, Microsoft drops them', t, async () => {
        const connection = await open();
        const echoed = await connection.invoke('EchoObject', { name: 'widget', value: 42, tags: ['a'] });
        // Microsoft's resolver matches keys to member names exactly; ours also accepts a case-only difference.
        assert.deepEqual(echoed, isReference
          ? { Name: null, Value: 0, Tags: null }
          : { Name: 'widget', Value: 42, Tags: ['a'] });
      });
    }

    test('Add adds, including negatives', t, async () => {
      const connection = await open();
      assert.equal(await connection.invoke('Add', 2, 3), 5);
      assert.equal(await connection.invoke('Add', -7, 3), -4);
    });

    test('Throw fails the invocation with the hub exception message', t, async () => {
      const connection = await open();
      await assert.rejects(connection.invoke('Throw', 'kaboom-42'), (error) => {
        assert.equal(error.message, "An unexpected error occurred invoking 'Throw' on the server. HubException: kaboom-42");
        return true;
      });
      assert.equal(await connection.invoke('Echo', 'still alive'), 'still alive');
    });

    test('an unknown method fails with "Method does not exist"', t, async () => {
      const connection = await open();
      await assert.rejects(connection.invoke('NoSuchMethod', 1), {
        message: "Failed to invoke 'NoSuchMethod' due to an error on the server. HubException: Method does not exist.",
      });
      // Fire-and-forget to an unknown method is ignored silently; the connection keeps working.
      await connection.send('NoSuchMethod', 1);
      assert.equal(await connection.invoke('Echo', 'after'), 'after');
    });

    test('wrong argument types and counts fail that invocation only', t, async () => {
      const connection = await open();
      const expected = { message: "Failed to invoke 'Add' due to an error on the server." };
      await assert.rejects(connection.invoke('Add', 'one', 2), expected);
      await assert.rejects(connection.invoke('Add', 1), expected);
      await assert.rejects(connection.invoke('Add', 1, 2, 3), expected);
      await assert.rejects(connection.invoke('Add', { a: 1 }, [2]), expected);
      assert.equal(await connection.invoke('Add', 1, 2), 3);
    });

    test('streaming / non-streaming mix-ups are rejected', t, async () => {
      const connection = await open();
      await assert.rejects(connection.invoke('Counter', 3, 1), {
        message: "The client attempted to invoke the streaming 'Counter' method with a non-streaming invocation.",
      });
      await assert.rejects(collectStream(connection, 'Echo', 'x'), {
        message: "The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation.",
      });
      assert.equal(await connection.invoke('Echo', 'ok'), 'ok');
    });

    test('GetUser is null without a token', t, async () => {
      const connection = await open();
      assert.equal(await connection.invoke('GetUser'), null);
    });

    test('SendToCaller calls the named method on the caller only', t, async () => {
      const connection = await open({ record: ['custom'] });
      const other = await open({ record: ['custom'] });
      await connection.invoke('SendToCaller', 'custom', 'payload-1');
      assert.deepEqual(await connection.inbox.next('custom'), ['payload-1']);
      await other.invoke('Echo', 'sync');
      assert.equal(other.inbox.pending('custom'), 0);
    });

    // Addresses another connection, which behind a load balancer may live on another node (the NATS lifetime manager).
    test('SendToConnection reaches exactly that connection', t, async () => {
      const sender = await open();
      const receiver = await open();
      const bystander = await open();
      await sender.invoke('SendToConnection', receiver.connectionId, 'psst');
      assert.deepEqual(await receiver.inbox.next('direct'), ['psst']);
      await delay(100);
      assert.equal(sender.inbox.pending('direct'), 0);
      assert.equal(bystander.inbox.pending('direct'), 0);
    });

    test('Counter streams 0..count-1 and completes', t, async () => {
      const connection = await open();
      assert.deepEqual(await collectStream(connection, 'Counter', 5, 1), [0, 1, 2, 3, 4]);
      assert.deepEqual(await collectStream(connection, 'counter', 0, 1), []);
    });

    test('Counter cancelled by the client stops; the connection keeps working', t, async () => {
      const connection = await open();
      const received = [];
      let completed = false;
      let subscription;
      await withTimeout(new Promise((resolve, reject) => {
        subscription = connection.stream('Counter', 100_000, 20).subscribe({
          next: (item) => { received.push(item); if (received.length === 3) resolve(); },
          complete: () => { completed = true; },
          error: reject,
        });
      }), 5_000, 'three stream items');
      subscription.dispose();
      await delay(200);
      assert.deepEqual(received.slice(0, 3), [0, 1, 2]);
      assert.equal(completed, false);
      // A second stream on the same connection runs normally after the cancellation.
      assert.deepEqual(await collectStream(connection, 'Counter', 3, 1), [0, 1, 2]);
    });

    test('Sum adds a client-to-server stream', t, async () => {
      const connection = await open();
      const subject = new signalR.Subject();
      const result = connection.invoke('Sum', subject);
      for (let i = 1; i <= 10; i++) {
        subject.next(i);
        if (i % 3 === 0) await delay(5);
      }
      subject.complete();
      assert.equal(await withTimeout(result, 5_000, 'Sum'), 55);
      const empty = new signalR.Subject();
      const emptyResult = connection.invoke('sum', empty);
      empty.complete();
      assert.equal(await withTimeout(emptyResult, 5_000, 'empty Sum'), 0);
    });

    test('Sum fails when the client stream errors', t, async () => {
      const connection = await open();
      const subject = new signalR.Subject();
      const result = connection.invoke('Sum', subject);
      subject.next(1);
      subject.error(new Error('client gave up'));
      await assert.rejects(withTimeout(result, 5_000, 'Sum'), (error) => {
        assert.match(error.message, /HubException: .*client gave up/);
        return true;
      });
      assert.equal(await connection.invoke('Echo', 'after'), 'after');
    });

    test('AskCaller returns the client handler result (sync and async handlers)', t, async () => {
      let asked;
      const connection = await open({ on: { answer: (question) => { asked = question; return `answer to ${question}`; } } });
      assert.equal(await connection.invoke('AskCaller', 'life'), 'answer to life');
      assert.equal(asked, 'life');
      connection.off('answer');
      connection.on('answer', async (question) => { await delay(20); return question.toUpperCase(); });
      assert.equal(await connection.invoke('AskCaller', 'loud'), 'LOUD');
    });

    test('AskCaller fails when the client handler throws', t, async () => {
      const connection = await open({ on: { answer: () => { throw new Error('no idea'); } } });
      await assert.rejects(connection.invoke('AskCaller', 'why'), (error) => {
        assert.match(error.message, /HubException: Error: no idea$/);
        return true;
      });
    });

    test('AskCaller fails when the client has no handler', t, async () => {
      const connection = await open();
      await assert.rejects(connection.invoke('AskCaller', 'anyone?'), (error) => {
        assert.match(error.message, /HubException: Client didn't provide a result\.$/);
        return true;
      });
      assert.equal(await connection.invoke('Echo', 'after'), 'after');
    });

    test('Disconnect closes the connection from the server without an error', t, async () => {
      const connection = await open();
      const closedWith = closed(connection);
      // The server may close before or after completing the invocation; either outcome of invoke is fine.
      connection.invoke('Disconnect').catch(() => {});
      const error = await withTimeout(closedWith, 5_000, 'onclose after Disconnect');
      assert.equal(error, undefined, `onclose got an error: ${error}`);
      assert.equal(connection.state, signalR.HubConnectionState.Disconnected);
    });
  });
}
