// Equal-time rejection through the binding: the median time of a login for
// an unknown user (null record), an undecodable record, and a wrong
// password against a native record. The first two run the dummy
// verification at the policy's cost, so all three should be equal within
// noise. Interleaved rounds, so drift hits all three alike.
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { Engine } = require('..')

const engine = new Engine()
const native = await engine.hash('the right password')
const broken = { passwordHashType: 'bcrypt', passwordHash: '$2b$10$not-a-hash', passwordHashConfig: null }
const cases = {
  'unknown user': () => engine.login(null, 'a guess'),
  'undecodable record': () => engine.login(broken, 'a guess').catch(() => {}),
  'wrong password (native)': () => engine.login(native, 'a guess'),
}
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
const rounds = Number(process.argv[2] ?? 200)
for (let i = 0; i < rounds; i++) {
  for (const [name, run] of Object.entries(cases)) {
    const t = performance.now()
    await run()
    times[name].push(performance.now() - t)
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1]
for (const [name, xs] of Object.entries(times)) console.log(`${name}: median ${median(xs).toFixed(2)} ms`)
