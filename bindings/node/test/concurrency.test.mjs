// Logins in parallel, the login cap, cancellation of queued logins, and the
// event loop's responsiveness while logins run (counted, not timed: the
// figures are in bench/eventloop.mjs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Engine } = require('..')

const PASSWORD = 'My S3cre7 P@55w0rd!'
const BCRYPT = {
  passwordHashType: 'bcrypt',
  passwordHash: '$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe',
}

test('many logins at once each get their own answer', async () => {
  const engine = new Engine({ policy: { algorithm: 'argon2id', mKib: 1024, t: 1, p: 1 } })
  const passwords = Array.from({ length: 16 }, (_, i) => `password-${i}`)
  const records = await Promise.all(passwords.map((p) => engine.hash(p)))
  const results = await Promise.all(
    passwords.flatMap((p, i) => [
      engine.login(records[i], p).then((r) => r.outcome),
      engine.login(records[i], p + 'x').then((r) => r.outcome),
    ]),
  )
  assert.deepEqual(results, passwords.flatMap(() => ['match', 'mismatch']))
})

test('the event loop keeps running while four 64 MiB argon2 logins run', async () => {
  const engine = new Engine({ policy: { algorithm: 'argon2id', mKib: 65536, t: 3, p: 4 } })
  const record = engine.loginSync(BCRYPT, PASSWORD).upgrade.record
  let ticks = 0
  const timer = setInterval(() => ticks++, 2)
  const start = process.hrtime.bigint()
  const results = await Promise.all([0, 1, 2, 3].map(() => engine.login(record, PASSWORD)))
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6
  clearInterval(timer)
  assert.ok(results.every((r) => r.outcome === 'match'))
  // Had the logins run on the JS thread, the interval could not have fired
  // at all until they were done. Four such logins take well over 100 ms.
  assert.ok(ticks >= Math.min(10, elapsedMs / 20), `${ticks} ticks in ${elapsedMs.toFixed(0)} ms`)
})

test('maxConcurrentLogins 1: queued logins can be aborted, started ones finish', async () => {
  const engine = new Engine({ maxConcurrentLogins: 1 })
  const controller = new AbortController()
  const logins = Array.from({ length: 8 }, () =>
    engine.login(BCRYPT, PASSWORD, { signal: controller.signal }).then(
      (r) => r.outcome,
      (e) => e.name,
    ),
  )
  controller.abort()
  const outcomes = await Promise.all(logins)
  // The libuv pool (4 threads by default) has picked up some before the
  // abort; those finish with their real outcome. The rest are cancelled.
  assert.ok(outcomes.includes('AbortError'), outcomes.join())
  assert.ok(outcomes.every((o) => o === 'match' || o === 'AbortError'), outcomes.join())
})
