import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { measureCryptoCosts, type CryptoCosts } from '../src/model/crypto-costs.js';
import { compareWithRun, predictHandshake } from '../src/model/predict.js';
import { KEY_TYPES } from '../src/scenario/vocabulary.js';
import { makeCell, makeRun } from './fixtures/runs.js';

describe('crypto cost model', () => {
  let costs: CryptoCosts;
  before(async () => {
    // A tiny time budget: these tests check signs and shape, never speed.
    costs = await measureCryptoCosts({ timePerOperationMs: 2, minIterations: 2 });
  });

  it('measures every key type and group', () => {
    assert.deepEqual(costs.keyTypes.map((entry) => entry.keyType), [...KEY_TYPES]);
    for (const entry of costs.keyTypes) {
      assert.ok(entry.signUs > 0, `${entry.keyType} sign`);
      assert.ok(entry.verifyUs > 0, `${entry.keyType} verify`);
      assert.ok(entry.certificateVerifyUs > 0, `${entry.keyType} certificate verify`);
    }
    assert.deepEqual(costs.keyExchange.map((entry) => entry.group), ['X25519', 'P-256']);
  });

  for (const keyType of KEY_TYPES) {
    it(`mutual costs extra for ${keyType}`, () => {
      const prediction = predictHandshake(costs, keyType);
      assert.ok(prediction.server.extraUs > 0);
      assert.ok(prediction.client.extraUs > 0);
      assert.ok(prediction.server.mutualCeilingPerSecond < prediction.server.oneWayCeilingPerSecond);
    });
  }

  it('mixed keys use the client key for the extra', () => {
    const prediction = predictHandshake(costs, 'rsa-2048', 'ecdsa-p256');
    const client = costs.keyTypes.find((entry) => entry.keyType === 'ecdsa-p256');
    assert.equal(prediction.server.extraUs, (client?.verifyUs ?? 0) + (client?.certificateVerifyUs ?? 0));
    assert.equal(prediction.client.extraUs, client?.signUs);
  });

  it('compareWithRun subtracts one-way from mutual', () => {
    const metrics = (cpuUs: number) => ({ serverCpuUsPerHandshake: cpuUs, clientCpuUsPerHandshake: cpuUs / 2, handshakesPerSecond: 1_000_000 / cpuUs });
    const run = makeRun({
      cells: [
        { cell: makeCell({ mode: 'one-way' }), trials: [metrics(400), metrics(400)] },
        { cell: makeCell({ mode: 'mutual' }), trials: [metrics(500), metrics(500)] },
      ],
    });
    const [row, ...rest] = compareWithRun(costs, run);
    assert.equal(rest.length, 0);
    assert.equal(row?.measuredExtraServerUs, 100);
    assert.equal(row?.measuredExtraClientUs, 50);
    assert.equal(row?.measuredMutualPerSecondPerWorker, 2000);
    assert.ok((row?.mutualShareOfCeilingPercent ?? 0) > 0);
  });
});
