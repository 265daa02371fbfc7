// @ts-check
// Access-token verification throughput: node-sdk `verifyAccessToken` (RFC 9068 checks, scope check,
// typed errors) against bare `jose.jwtVerify` with the same local key set and options, in the same
// run. Both use a local JWKS (`createLocalJWKSet`): no network, so the ratio is the SDK's own cost.
// Rounds alternate between the two so drift in machine load hits both; the median round counts.
// `node bench/verify-token.js` (after `npm run build`) runs it alone and merges its entries into
// bench/results.json; `measureVerifyToken()` is for bench/run.js.
import { cpus, loadavg } from 'node:os'
import { createAuthClient } from '@chainless/node-sdk'
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

const ISSUER = 'https://api.chainless.example'
const CLIENT_ID = 'bench-app'
/** Rounds per side and the time each round runs; `VERIFY_TOKEN_ROUNDS` / `VERIFY_TOKEN_MS` override. */
const ROUNDS = Number(process.env.VERIFY_TOKEN_ROUNDS ?? 9)
const ROUND_MS = Number(process.env.VERIFY_TOKEN_MS ?? 300)

/**
 * Verifications per second of `verify` over about `ms`, sequential (as one request at a time).
 * @param {() => Promise<unknown>} verify
 * @param {number} ms
 */
async function opsPerSecond(verify, ms) {
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) await verify()
    n += 50
    elapsed = performance.now() - start
  }
  return (n * 1000) / elapsed
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureVerifyToken() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA')
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }] }
  const token = await new SignJWT({ client_id: CLIENT_ID, scope: 'user:basic user:phone', jti: 'j1' })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'k1' })
    .setIssuer(ISSUER)
    .setSubject('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
    .setAudience(CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey)

  const keys = createLocalJWKSet(jwks)
  const auth = createAuthClient({ issuer: ISSUER, clientId: CLIENT_ID, keySet: createLocalJWKSet(jwks) })
  const sdk = () => auth.verifyAccessToken(token, { requiredScopes: ['user:basic'] })
  const bare = () =>
    jwtVerify(token, keys, {
      issuer: ISSUER,
      audience: CLIENT_ID,
      typ: 'at+jwt',
      algorithms: ['EdDSA'],
      requiredClaims: ['iss', 'sub', 'exp', 'iat', 'jti', 'client_id', 'scope'],
    })

  await opsPerSecond(sdk, ROUND_MS) // warm-up (JIT, key import)
  await opsPerSecond(bare, ROUND_MS)
  /** @type {number[]} */
  const sdkRounds = []
  /** @type {number[]} */
  const bareRounds = []
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first so neither always gets the warmer (or busier) slot.
    if (r % 2 === 0) {
      sdkRounds.push(await opsPerSecond(sdk, ROUND_MS))
      bareRounds.push(await opsPerSecond(bare, ROUND_MS))
    } else {
      bareRounds.push(await opsPerSecond(bare, ROUND_MS))
      sdkRounds.push(await opsPerSecond(sdk, ROUND_MS))
    }
  }
  const value = Math.round(median(sdkRounds))
  const baseline = Math.round(median(bareRounds))
  return [
    {
      id: 'node-sdk.verify-token',
      value,
      unit: 'ops/s',
      baseline,
      ratio: round(value / baseline, 3),
      budget: { min: 0.9 },
      detail: {
        what: 'verifyAccessToken (EdDSA, local JWKS, scope check) vs bare jose.jwtVerify, same key set and options',
        rounds: ROUNDS,
        roundMs: ROUND_MS,
        sdkRounds: sdkRounds.map((v) => Math.round(v)),
        bareRounds: bareRounds.map((v) => Math.round(v)),
        machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
      },
    },
  ]
}

if (isMain(import.meta.url)) {
  const entries = await measureVerifyToken()
  await saveAndPrint(entries)
}
