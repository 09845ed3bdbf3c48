// Compile-only: `npm run typecheck` (tsc --noEmit) checks that the published
// types describe the API as documented, including what must NOT compile.
import {
  Batch,
  Engine,
  isHashportError,
  type BatchResult,
  type ErrorKind,
  type HashportError,
  type LoginResult,
  type NativeRecord,
  type StoredRecord,
} from '../index.js'

const engine = new Engine({
  policy: { algorithm: 'argon2id', mKib: 19456, t: 2, p: 1 },
  limits: { bcryptMaxCost: 14, minDigestLen: 10 },
  retainBytes: 0,
  maxConcurrentLogins: 4,
})
const stored: StoredRecord = { passwordHashType: 'bcrypt', passwordHash: '$2b$...', passwordHashConfig: null }

async function login(signal: AbortSignal): Promise<string | null> {
  const result: LoginResult = await engine.login(stored, 'pw', { signal })
  if (result.outcome === 'match') {
    // `upgrade` exists only on a match.
    const next: NativeRecord | undefined = result.upgrade?.record
    const reason: 'not_native' | 'truncated' | undefined = result.upgrade?.reason
    return next ? `${next.passwordHash} ${reason} ${result.upgrade?.replaces}` : null
  }
  // @ts-expect-error a mismatch has no upgrade
  result.upgrade
  return null
}

async function rest(): Promise<void> {
  await engine.login(null, new Uint8Array([1, 2]))
  const sync: LoginResult = engine.loginSync(stored, 'pw')
  const due: boolean = engine.needsUpgrade(stored)
  const native: NativeRecord = await engine.hash('pw')
  const nothing: void = await engine.dummyVerify('pw')
  const batch = new Batch(engine, { threads: 2, memoryBudget: 1 << 30, upgrade: false })
  const results: BatchResult[] = await batch.verify([{ record: stored, password: 'pw' }])
  for (const r of results) {
    if (r.outcome === 'error') {
      const kind: ErrorKind = r.error.kind
      const message: string = r.error.message
      void kind, message
    }
  }
  try {
    await engine.login(stored, 'pw')
  } catch (e) {
    if (isHashportError(e)) {
      const err: HashportError = e
      const code: ErrorKind = err.code
      const max: number | string | undefined = err.details.max
      void code, max
    }
  }
  void sync, due, native, nothing
  // @ts-expect-error not a kind
  const bad: ErrorKind = 'bad_kind'
  // @ts-expect-error policies are string unions, not free strings
  new Engine({ policy: { algorithm: 'md5' } })
  // @ts-expect-error limits are named
  new Engine({ limits: { bcryptMaxcost: 14 } })
  void bad
}

void login, rest
