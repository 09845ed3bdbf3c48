// The binding's API: result shapes, errors and their kinds, options.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const hashport = require('..')
const { Engine, Batch, isHashportError, errorKinds } = hashport

// openwall crypt_blowfish's test vector, as in the crate's doc example.
const PASSWORD = 'My S3cre7 P@55w0rd!'
const BCRYPT = {
  passwordHashType: 'bcrypt',
  passwordHash: '$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe',
  passwordHashConfig: null,
}
const engine = new Engine()

async function rejection(promise) {
  try {
    await promise
  } catch (e) {
    return e
  }
  assert.fail('expected a rejection')
}

function thrown(f) {
  try {
    f()
  } catch (e) {
    return e
  }
  assert.fail('expected an exception')
}

test('a legacy match offers an argon2id upgrade that verifies', async () => {
  const r = await engine.login(BCRYPT, PASSWORD)
  assert.equal(r.outcome, 'match')
  assert.ok(r.upgrade)
  assert.equal(r.upgrade.reason, 'not_native')
  assert.equal(r.upgrade.replaces, BCRYPT.passwordHash)
  assert.equal(r.upgrade.record.passwordHashType, 'argon2')
  assert.equal(r.upgrade.record.passwordHashConfig, null)
  assert.match(r.upgrade.record.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  assert.deepEqual(Object.keys(r).sort(), ['outcome', 'upgrade'])
  // The upgrade is native: it matches, with no further upgrade.
  assert.deepEqual(await engine.login(r.upgrade.record, PASSWORD), { outcome: 'match', upgrade: null })
  assert.deepEqual(await engine.login(r.upgrade.record, PASSWORD + '!'), { outcome: 'mismatch' })
  assert.equal(engine.needsUpgrade(r.upgrade.record), false)
  assert.equal(engine.needsUpgrade(BCRYPT), true)
})

test('a wrong password is a value, not an exception', async () => {
  assert.deepEqual(await engine.login(BCRYPT, 'my s3cre7 P@55w0rd!'), { outcome: 'mismatch' })
  assert.deepEqual(engine.loginSync(BCRYPT, ''), { outcome: 'mismatch' })
})

test('an unknown user is a mismatch', async () => {
  assert.deepEqual(await engine.login(null, PASSWORD), { outcome: 'mismatch' })
  assert.deepEqual(engine.loginSync(null, PASSWORD), { outcome: 'mismatch' })
})

test('loginSync gives what login gives', async () => {
  const sync = engine.loginSync(BCRYPT, PASSWORD)
  assert.equal(sync.outcome, 'match')
  assert.equal(sync.upgrade.reason, 'not_native')
})

test('string and byte passwords are the same UTF-8 bytes', async () => {
  const bytes = new TextEncoder().encode(PASSWORD)
  assert.equal((await engine.login(BCRYPT, bytes)).outcome, 'match')
  assert.equal((await engine.login(BCRYPT, Buffer.from(PASSWORD))).outcome, 'match')
  const native = await engine.hash('pässwörd')
  assert.equal((await engine.login(native, new TextEncoder().encode('pässwörd'))).outcome, 'match')
  // Never normalised: NFD is a different password.
  assert.equal((await engine.login(native, 'pässwörd'.normalize('NFD'))).outcome, 'mismatch')
})

test('hash writes a native record; dummyVerify resolves to undefined', async () => {
  const native = await engine.hash('correct horse')
  assert.deepEqual(Object.keys(native).sort(), ['passwordHash', 'passwordHashConfig', 'passwordHashType'])
  assert.equal(native.passwordHashType, 'argon2')
  assert.equal(await engine.dummyVerify('anything'), undefined)
})

test('a bcrypt policy, and bcrypt truncation offers an upgrade', async () => {
  const bcryptEngine = new Engine({ policy: { algorithm: 'bcrypt', cost: 4 } })
  const native = await bcryptEngine.hash('pw')
  assert.match(native.passwordHash, /^\$2b\$04\$/)
  assert.equal(bcryptEngine.needsUpgrade(native), false)
  // A 73-byte password against a bcrypt hash of its first 72 bytes: bcrypt
  // matches; an argon2id engine upgrades it with reason `truncated`.
  const long = 'a'.repeat(73)
  const truncated = await bcryptEngine.hash('a'.repeat(72))
  const r = await engine.login(truncated, long)
  assert.equal(r.outcome, 'match')
  assert.equal(r.upgrade.reason, 'truncated')
})

test('errors are HashportErrors with kind, code and details', async () => {
  const e = await rejection(engine.login({ passwordHashType: 'bcrypt', passwordHash: '$2b$20$' + BCRYPT.passwordHash.slice(7) }, PASSWORD))
  assert.ok(e instanceof Error)
  assert.ok(isHashportError(e))
  assert.equal(e.name, 'HashportError')
  assert.equal(e.kind, 'param_out_of_range')
  assert.equal(e.code, e.kind)
  assert.deepEqual(e.details, { param: 'cost', min: 4, max: 16, actual: 20 })
  assert.ok(!e.message.includes(PASSWORD))
  assert.ok(!e.message.includes(BCRYPT.passwordHash.slice(7)))

  const unknown = await rejection(engine.login({ passwordHashType: 'md5', passwordHash: 'x' }, PASSWORD))
  assert.equal(unknown.kind, 'unknown_type')

  const long = await rejection(engine.login(BCRYPT, 'x'.repeat(5000)))
  assert.equal(long.kind, 'password_too_long')
  assert.deepEqual(long.details, { field: 'password', max: 4096, actual: 5000 })

  const nul = await rejection(engine.login(BCRYPT, 'a\0b'))
  assert.equal(nul.kind, 'password_contains_nul')

  const sync = thrown(() => engine.loginSync({ passwordHashType: 'bcrypt', passwordHash: '$2b$05$short' }, 'x'))
  assert.equal(sync.kind, 'invalid_hash')
  assert.equal(sync.details.field, 'passwordHash')

  const config = thrown(() =>
    engine.needsUpgrade({ passwordHashType: 'scrypt', passwordHash: 'aGFzaA==', passwordHashConfig: '{"N":16384}' }),
  )
  assert.equal(config.kind, 'invalid_config')
})

test('numbers above 2^53 in details are decimal strings', () => {
  const e = thrown(() =>
    engine.needsUpgrade({
      passwordHashType: 'argon2',
      passwordHash: '$argon2id$v=19$m=99999999999999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
    }),
  )
  assert.equal(e.kind, 'param_out_of_range')
  assert.equal(e.details.actual, '99999999999999999')
  assert.equal(e.details.max, 131072)
})

test('errorKinds lists every kind once', () => {
  const kinds = errorKinds()
  assert.equal(new Set(kinds).size, kinds.length)
  for (const k of ['invalid_hash', 'out_of_memory', 'internal', 'over_budget']) assert.ok(kinds.includes(k))
})

test('isHashportError is false for other values', () => {
  for (const v of [null, undefined, 1, 'HashportError', new Error('x'), { name: 'HashportError' }]) {
    assert.equal(isHashportError(v), false)
  }
})

test('options: limits in camelCase, policies, unknown names refused', async () => {
  const strict = new Engine({ limits: { bcryptMaxCost: 4 } })
  const e = await rejection(strict.login(BCRYPT, PASSWORD))
  assert.equal(e.kind, 'param_out_of_range')
  assert.equal(e.details.max, 4)

  for (const options of [
    { limits: { bcryptMaxcost: 14 } },
    { limit: {} },
    { policy: { algorithm: 'md5' } },
    { policy: { algorithm: 'bcrypt', cost: 1.5 } },
    { policy: { algorithm: 'argon2id', mKib: 19456, t: 2 } },
    { retainBytes: -1 },
    { limits: { minDigestLen: 0 } },
  ]) {
    const err = thrown(() => new Engine(options))
    assert.ok(isHashportError(err), JSON.stringify(options))
    assert.equal(err.kind, 'invalid_param', JSON.stringify(options))
  }
  // A policy outside the limits cannot be built.
  const weak = thrown(() => new Engine({ policy: { algorithm: 'bcrypt', cost: 15 }, limits: { bcryptMaxCost: 14 } }))
  assert.equal(weak.kind, 'param_out_of_range')

  for (const policy of [
    { algorithm: 'scrypt', ln: 10, r: 8, p: 1 },
    { algorithm: 'pbkdf2-sha256', iterations: 1000 },
    { algorithm: 'argon2id', mKib: 1024, t: 1, p: 1 },
  ]) {
    const other = new Engine({ policy, retainBytes: 0, maxConcurrentLogins: 2 })
    const up = await other.login(BCRYPT, PASSWORD)
    assert.equal(up.outcome, 'match')
    assert.equal((await other.login(up.upgrade.record, PASSWORD)).upgrade, null)
  }
})

test('argument type errors throw a TypeError-like napi error at once', () => {
  assert.throws(() => engine.login({ passwordHashType: 'bcrypt' }, 'x'))
  assert.throws(() => engine.login(BCRYPT, 42))
})

test('Batch: one result per job, in order, errors as values', async () => {
  const batch = new Batch(engine, { threads: 2 })
  assert.equal(batch.threads, 2)
  const results = await batch.verify([
    { record: BCRYPT, password: PASSWORD },
    { record: BCRYPT, password: 'wrong' },
    { record: { passwordHashType: 'nope', passwordHash: 'x' }, password: 'x' },
    { record: BCRYPT, password: 'x'.repeat(5000) },
  ])
  assert.equal(results.length, 4)
  assert.equal(results[0].outcome, 'match')
  assert.equal(results[0].upgrade.reason, 'not_native')
  assert.deepEqual(results[1], { outcome: 'mismatch' })
  assert.equal(results[2].outcome, 'error')
  assert.equal(results[2].error.kind, 'unknown_type')
  assert.equal(typeof results[2].error.message, 'string')
  assert.equal(results[3].error.kind, 'password_too_long')
  assert.deepEqual(await batch.verify([]), [])

  const dry = new Batch(engine, { upgrade: false, memoryBudget: 256 * 1024 * 1024 })
  assert.deepEqual(await dry.verify([{ record: BCRYPT, password: PASSWORD }]), [{ outcome: 'match', upgrade: null }])

  for (const options of [{ threads: 5000 }, { thread: 2 }, { upgrade: 'yes' }]) {
    const err = thrown(() => new Batch(engine, options))
    assert.equal(err.kind, 'invalid_param', JSON.stringify(options))
  }
})

test('Batch: a record over the memory budget is an over_budget result', async () => {
  const small = new Batch(engine, { memoryBudget: 1024 * 1024 })
  const native = await engine.hash('pw')
  const [r] = await small.verify([{ record: native, password: 'pw' }])
  assert.equal(r.outcome, 'error')
  assert.equal(r.error.kind, 'over_budget')
})

test('an AbortSignal fired before the call rejects with AbortError', async () => {
  const controller = new AbortController()
  controller.abort()
  const e = await rejection(engine.login(BCRYPT, PASSWORD, { signal: controller.signal }))
  assert.equal(e.name, 'AbortError')
  assert.equal(isHashportError(e), false)
})
