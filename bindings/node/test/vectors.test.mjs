// Every vector file through the binding: the outcome (match, mismatch or
// the error kind) must be what the case expects, which is what
// `hashport verify` gives (tests/vectors.rs checks that side).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { Engine, Batch } = require('..')
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

function load() {
  const cases = []
  for (const dir of ['vectors', join('vectors', 'forms')]) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).sort()) {
      const data = JSON.parse(readFileSync(join(root, dir, file), 'utf8'))
      for (const c of data.cases) {
        cases.push({
          name: `${dir}/${file}: ${c.name}`,
          record: {
            passwordHashType: c.type ?? data.type,
            passwordHash: c.passwordHash,
            passwordHashConfig: c.passwordHashConfig ?? null,
          },
          password: c.passwordHex !== undefined ? Uint8Array.from(Buffer.from(c.passwordHex, 'hex')) : c.password,
          want: c.expect === 'error' ? `error:${c.error}` : c.expect,
          // Over the default time budget on purpose (bcrypt cost 16):
          // checked under a 10 s budget, as tests/vectors.rs does.
          slow: c.slow === true,
        })
      }
    }
  }
  return cases
}

const cases = load()
const engine = new Engine()
const slowEngine = new Engine({ limits: { maxVerifyMillis: 10_000 } })
const engineFor = (c) => (c.slow ? slowEngine : engine)

test('the vector files are there', () => {
  assert.ok(cases.length > 700, `only ${cases.length} cases`)
  for (const want of ['match', 'mismatch']) assert.ok(cases.some((c) => c.want === want))
  assert.ok(cases.some((c) => c.want.startsWith('error:')))
})

test('every vector through engine.login', async () => {
  const failures = []
  // Eight at a time: the libuv pool runs them in parallel.
  for (let i = 0; i < cases.length; i += 8) {
    const chunk = cases.slice(i, i + 8)
    const got = await Promise.all(
      chunk.map((c) =>
        engineFor(c).login(c.record, c.password).then(
          (r) => r.outcome,
          (e) => `error:${e.kind}`,
        ),
      ),
    )
    chunk.forEach((c, j) => {
      if (got[j] !== c.want) failures.push(`${c.name}: expected ${c.want}, got ${got[j]}`)
    })
  }
  assert.deepEqual(failures, [])
})

test('every vector through a dry-run Batch', async () => {
  const failures = []
  for (const slow of [false, true]) {
    const batch = new Batch(slow ? slowEngine : engine, { upgrade: false })
    const some = cases.filter((c) => c.slow === slow)
    const results = await batch.verify(some.map((c) => ({ record: c.record, password: c.password })))
    assert.equal(results.length, some.length)
    results.forEach((r, i) => {
      const got = r.outcome === 'error' ? `error:${r.error.kind}` : r.outcome
      if (got !== some[i].want) failures.push(`${some[i].name}: expected ${some[i].want}, got ${got}`)
      if (r.outcome === 'match') assert.equal(r.upgrade, null, 'a dry run offers no upgrade')
    })
  }
  assert.deepEqual(failures, [])
})
