// The binding's overhead: median time of one login through the binding on
// a trivially cheap record (PBKDF2-SHA256, one iteration, wrong password),
// to be compared with `cargo run --release --example binding_baseline`,
// which times the same call in Rust. Goal: at most 30 us above it.
import { createRequire } from 'node:module'
import { pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
const require = createRequire(import.meta.url)
const { Engine } = require('..')

const record = {
  passwordHashType: 'pbkdf2',
  passwordHash: '$pbkdf2-sha256$i=1,l=32$9U3WAMXw1Igifj1Y72wgOg$/x21yJ9+q7Ha4d5cxNX6QU7o2X8W+eFg+G9h9JcrY/U',
  passwordHashConfig: null,
}
const engine = new Engine()
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
const N = 20000

for (let round = 0; round < 2; round++) {
  const sync = []
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint()
    engine.loginSync(record, 'wrong password')
    sync.push(Number(process.hrtime.bigint() - t) / 1e3)
  }
  const async = []
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint()
    await engine.login(record, 'wrong password')
    async.push(Number(process.hrtime.bigint() - t) / 1e3)
  }
  // Node's own async crypto on the libuv pool, one PBKDF2 iteration: the
  // round trip any off-the-event-loop call pays.
  const pbkdf2Async = promisify(pbkdf2)
  const native = []
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint()
    await pbkdf2Async('wrong password', 'salt', 1, 32, 'sha256')
    native.push(Number(process.hrtime.bigint() - t) / 1e3)
  }
  if (round === 1) {
    console.log(`node:crypto pbkdf2 (1 iteration, libuv pool, for scale): median ${median(native).toFixed(2)} us`)
    console.log(`node loginSync (pbkdf2 i=1, mismatch): median ${median(sync).toFixed(2)} us`)
    console.log(`node await login (pbkdf2 i=1, mismatch): median ${median(async).toFixed(2)} us`)
  }
}
