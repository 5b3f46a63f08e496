'use strict'
// The stock Feathers client stack over socket.io against Countersign: @feathersjs/feathers, @feathersjs/socketio-client,
// socket.io-client 4 (default transports: polling, then the upgrade to a websocket), @feathersjs/authentication-client
// and feathers-authentication-management's client wrapper, unchanged. Run by SocketIoFeathersClientTest, which starts
// the application and answers the mail requests below from the test's SMTP server:
//   stdout  @@mail {"to": address, "link": "/pages/verify", "n": 1}   (the n-th message to `to` with that link)
//   stdin   {"token": "<link token>", "code": "<6-digit code>"}
//   stdout  @@age {"to": address}   (moves the address's verification out of the resend cooldown, as the REST tests do)
//   stdin   {}
// Each scenario prints "PASS <name>" or "FAIL <name>: <why>"; the last line is "<n> passed, <m> failed".
const assert = require('node:assert/strict')
const readline = require('node:readline')
const crypto = require('node:crypto')
const feathers = require('@feathersjs/feathers')
const socketio = require('@feathersjs/socketio-client')
const { default: authentication, MemoryStorage } = require('@feathersjs/authentication-client')
const io = require('socket.io-client')
const { client: famClient } = require('feathers-authentication-management')

const BASE = process.env.COUNTERSIGN_URL
const PASSWORD = 'violet tractor umbrella 47'
const NEW_PASSWORD = 'copper lantern meadow 93'
const USER_KEYS = ['createdAt', 'displayName', 'email', 'emailUndeliverable', 'id', 'isVerified', 'locale', 'phone', 'preferredChannel',
  'updatedAt', 'username']

// ------------------------------------------------------------------ plumbing

const answers = []
const waiting = []
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const next = waiting.shift()
  if (next) next(JSON.parse(line))
  else answers.push(JSON.parse(line))
})

/** The link token and code of the n-th message to `to` that carries `link`, read by the Java test from SMTP. */
function mail(to, link, n = 1) {
  return ask('mail', { to, link, n })
}

function ask(kind, request) {
  process.stdout.write(`@@${kind} ` + JSON.stringify(request) + '\n')
  return new Promise((resolve, reject) => {
    const take = (answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer))
    if (answers.length) take(answers.shift())
    else waiting.push(take)
  })
}

const randomIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`
const email = (tag) => `${tag}-${crypto.randomBytes(6).toString('hex')}@example.com`

/** A Feathers client app on its own socket.io connection, calling from `ip` (X-Forwarded-For, a trusted proxy). */
function connect(ip, options = {}) {
  const socket = io(BASE, { extraHeaders: { 'X-Forwarded-For': ip }, reconnection: false, ...options })
  const app = feathers.feathers()
  app.configure(socketio(socket, { timeout: 10000 }))
  app.configure(authentication({ storage: new MemoryStorage() }))
  const fam = famClient(app)
  const close = () => socket.close()
  return { app, socket, fam, service: app.service('authManagement'), ip, close }
}

async function rest(path, body, { ip, token } = {}) {
  const headers = { 'Content-Type': 'application/json', 'X-Forwarded-For': ip || randomIp() }
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(BASE + path, { method: 'POST', headers, body: JSON.stringify(body) })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

async function signUp(address, password = PASSWORD) {
  const { status } = await rest('/users', { email: address, password })
  assert.equal(status, 202)
}

/** The error a promise rejects with, as the Feathers client holds it (a FeathersError), in its JSON form. */
async function rejection(promise) {
  try {
    await promise
  } catch (e) {
    return typeof e.toJSON === 'function' ? e.toJSON() : { message: e.message }
  }
  assert.fail('expected a rejection')
}

function sameAsRest(socketError, restAnswer) {
  assert.deepEqual(socketError, restAnswer.body)
  assert.equal(restAnswer.status, socketError.code)
}

function assertUser(user, address) {
  assert.deepEqual(Object.keys(user).sort(), USER_KEYS)
  assert.equal(user.email, address)
}

// ------------------------------------------------------------------ scenarios

const scenarios = {}

scenarios.verifySignupLongThenResetPwdLongThenAuthenticate = async () => {
  const c = connect(randomIp())
  try {
    const address = email('long')
    await signUp(address)
    const verify = await mail(address, '/pages/verify')
    await c.fam.verifySignupLong(verify.token)
    await c.fam.sendResetPwd({ email: address }, { transport: 'email' })
    const reset = await mail(address, '/pages/reset')
    await c.fam.resetPwdLong(reset.token, NEW_PASSWORD)
    const result = await c.app.authenticate({ strategy: 'local', email: address, password: NEW_PASSWORD })
    assert.equal(typeof result.accessToken, 'string')
    assert.equal(result.authentication.strategy, 'local')
    assertUser(result.user, address)
    assert.equal(result.user.isVerified, true)
    // the token is single use: the same answer as over REST
    sameAsRest(await rejection(c.fam.resetPwdLong(reset.token, PASSWORD)),
      await rest('/authManagement', { action: 'resetPwdLong', value: { token: reset.token, password: PASSWORD } }))
  } finally {
    c.close()
  }
}

scenarios.verifySignupShortThenResetPwdShort = async () => {
  const c = connect(randomIp())
  try {
    const address = email('short')
    await signUp(address)
    const verify = await mail(address, '/pages/verify')
    await c.fam.verifySignupShort(verify.code, { email: address })
    await c.fam.sendResetPwd({ email: address })
    const reset = await mail(address, '/pages/reset')
    await c.fam.resetPwdShort(reset.code, { email: address }, NEW_PASSWORD)
    const result = await c.app.authenticate({ strategy: 'local', email: address, password: NEW_PASSWORD })
    assertUser(result.user, address)
  } finally {
    c.close()
  }
}

scenarios.verifySignupSetPasswordAnswersTheUser = async () => {
  const c = connect(randomIp())
  try {
    const long = email('setlong')
    const short = email('setshort')
    await signUp(long)
    await signUp(short)
    const byLink = await mail(long, '/pages/verify')
    const user = await c.service.create({ action: 'verifySignupSetPasswordLong', value: { token: byLink.token, password: PASSWORD } })
    assertUser(user, long)
    assert.equal(user.isVerified, true)
    const byCode = await mail(short, '/pages/verify')
    const other = await c.service.create({ action: 'verifySignupSetPasswordShort',
      value: { token: byCode.code, user: { email: short }, password: PASSWORD } })
    assertUser(other, short)
    const result = await c.app.authenticate({ strategy: 'local', email: long, password: PASSWORD })
    assert.equal(result.user.id, user.id)
  } finally {
    c.close()
  }
}

scenarios.resendVerifySignupSendsANewLink = async () => {
  const c = connect(randomIp())
  try {
    const address = email('resend')
    await signUp(address)
    await mail(address, '/pages/verify', 1)
    // within the resend cooldown: the same answer, and nothing is sent
    await c.fam.resendVerifySignup({ email: address }, { transport: 'email' })
    await ask('age', { to: address })
    await c.fam.resendVerifySignup({ email: address }, { transport: 'email' })
    const second = await mail(address, '/pages/verify', 2)
    const user = await c.service.create({ action: 'verifySignupSetPasswordLong', value: { token: second.token, password: PASSWORD } })
    assert.equal(user.isVerified, true)
  } finally {
    c.close()
  }
}

/** Enumeration protection: a registered and an unknown address get the same answer, over the socket as over REST. */
scenarios.unknownAddressesAnswerLikeKnownOnes = async () => {
  const ip = randomIp()
  const c = connect(ip)
  try {
    const known = email('known')
    await signUp(known)
    const unknown = email('unknown')
    for (const action of ['sendResetPwd', 'resendVerifySignup']) {
      const forKnown = await c.service.create({ action, value: { email: known } })
      const forUnknown = await c.service.create({ action, value: { email: unknown } })
      assert.deepEqual(forKnown, {})
      assert.deepEqual(forUnknown, forKnown)
    }
    // a bad identify object is refused alike, whether or not the account exists
    const bad = await rejection(c.service.create({ action: 'sendResetPwd', value: { nickname: unknown } }))
    sameAsRest(bad, await rest('/authManagement', { action: 'sendResetPwd', value: { nickname: unknown } }))
  } finally {
    c.close()
  }
}

scenarios.passwordChangeOnTheAuthenticatedConnection = async () => {
  const c = connect(randomIp())
  try {
    const address = email('change')
    await signUp(address)
    const verify = await mail(address, '/pages/verify')
    await c.service.create({ action: 'verifySignupSetPasswordLong', value: { token: verify.token, password: PASSWORD } })
    // without authenticate() first: the same NotAuthenticated as REST without a bearer token
    const value = { user: { email: address }, oldPassword: PASSWORD, password: NEW_PASSWORD }
    sameAsRest(await rejection(c.fam.passwordChange(PASSWORD, NEW_PASSWORD, { email: address })),
      await rest('/authManagement', { action: 'passwordChange', value }))
    await c.app.authenticate({ strategy: 'local', email: address, password: PASSWORD })
    const wrongOld = await rejection(c.fam.passwordChange('not the password', NEW_PASSWORD, { email: address }))
    assert.equal(wrongOld.message, 'Current password is incorrect.')
    await c.fam.passwordChange(PASSWORD, NEW_PASSWORD, { email: address })
    // the connection stays authenticated (the caller's session is kept) ...
    const again = await c.app.reAuthenticate(true)
    assertUser(again.user, address)
    // ... and the new password logs in
    const d = connect(randomIp())
    try {
      const result = await d.app.authenticate({ strategy: 'local', email: address, password: NEW_PASSWORD })
      assertUser(result.user, address)
    } finally {
      d.close()
    }
  } finally {
    c.close()
  }
}

scenarios.identityChangeConfirmedFromTheNewAddress = async () => {
  const c = connect(randomIp())
  try {
    const address = email('identity')
    const changed = email('identity-new')
    await signUp(address)
    const verify = await mail(address, '/pages/verify')
    await c.service.create({ action: 'verifySignupSetPasswordLong', value: { token: verify.token, password: PASSWORD } })
    await c.app.authenticate({ strategy: 'local', email: address, password: PASSWORD })
    await c.fam.identityChange(PASSWORD, { email: changed }, { email: address })
    const confirm = await mail(changed, '/pages/identity/confirm')
    await c.fam.verifySignupLong(confirm.token)
    const d = connect(randomIp())
    try {
      const result = await d.app.authenticate({ strategy: 'local', email: changed, password: PASSWORD })
      assert.equal(result.user.email, changed)
    } finally {
      d.close()
    }
  } finally {
    c.close()
  }
}

scenarios.checkUnique = async () => {
  const c = connect(randomIp())
  try {
    const taken = email('taken')
    await signUp(taken)
    assert.equal(await c.service.create({ action: 'checkUnique', value: { email: email('free') } }), null)
    await c.fam.checkUnique({ email: email('free') }, null, false)
    const refused = await rejection(c.fam.checkUnique({ email: taken }, null, false))
    assert.equal(refused.message, 'Values already taken.')
    assert.deepEqual(refused.errors, { email: 'Already taken.' })
    sameAsRest(refused, await rest('/authManagement', { action: 'checkUnique', value: { email: taken }, ownId: null,
      meta: { noErrMsg: false } }))
  } finally {
    c.close()
  }
}

/** Every refusal is the same Feathers error as over REST: name, message, code, className, data and errors. */
scenarios.errorsAreTheRestErrors = async () => {
  const ip = randomIp()
  const c = connect(ip)
  try {
    const cases = [
      { action: 'nope' },
      {},
      [{ action: 'options' }],
      { action: 'verifySignupLong', value: 'not-a-token' },
      { action: 'verifySignupLong', value: 'abc.def' },
      { action: 'verifySignupShort', value: { token: 123456, user: { email: email('x') } } },
      { action: 'resetPwdLong', value: { token: 'abc.def', password: NEW_PASSWORD } },
      { action: 'resetPwdShort', value: { token: '000000', user: { email: email('x') }, password: NEW_PASSWORD } },
      { action: 'sendResetPwd', value: { email: 'not an address' } },
      { action: 'identityChange', value: { user: { email: email('x') }, password: PASSWORD, changes: { email: email('y') } } },
      { action: 'resendVerifySignup', notifierOptions: { transport: 'pigeon' }, value: { email: email('x') } }
    ]
    for (const data of cases) {
      const error = await rejection(c.service.create(data))
      sameAsRest(error, await rest('/authManagement', data, { ip }))
      assert.equal(error.code >= 400 && error.code < 500, true, JSON.stringify(error))
    }
    assert.deepEqual(await c.service.create({ action: 'options' }), (await rest('/authManagement', { action: 'options' })).body)
    // as a Feathers server answers methods and services it does not have
    const notAllowed = await rejection(c.service.find())
    assert.deepEqual(notAllowed, { name: 'MethodNotAllowed', message: "Method 'find' not allowed on service 'authManagement'",
      code: 405, className: 'method-not-allowed' })
    const notFound = await rejection(c.app.service('users').get('1'))
    assert.deepEqual(notFound, { name: 'NotFound', message: "Service 'users' not found", code: 404, className: 'not-found' })
  } finally {
    c.close()
  }
}

scenarios.authenticateErrorsAreTheRestErrors = async () => {
  const c = connect(randomIp())
  try {
    const unverified = email('unverified')
    await signUp(unverified)
    const cases = [
      { strategy: 'local', email: email('nobody'), password: PASSWORD },
      { strategy: 'local', email: unverified, password: PASSWORD },
      { strategy: 'jwt', accessToken: 'not.a.token' },
      { strategy: 'oauth' },
      { email: unverified, password: PASSWORD }
    ]
    for (const data of cases) {
      sameAsRest(await rejection(c.app.authenticate(data)), await rest('/authentication', data))
    }
    // feathers-authentication-management's own authenticate() helper sends {type: 'local'}: refused alike
    sameAsRest(await rejection(c.fam.authenticate(unverified, PASSWORD)),
      await rest('/authentication', { type: 'local', email: unverified, password: PASSWORD }))
  } finally {
    c.close()
  }
}

scenarios.logoutForgetsTheConnectionsToken = async () => {
  const c = connect(randomIp())
  try {
    const address = email('logout')
    await signUp(address)
    const verify = await mail(address, '/pages/verify')
    await c.service.create({ action: 'verifySignupSetPasswordLong', value: { token: verify.token, password: PASSWORD } })
    const login = await c.app.authenticate({ strategy: 'local', email: address, password: PASSWORD })
    const logout = await c.app.logout()
    assert.equal(logout.accessToken, login.accessToken)
    const refused = await rejection(c.fam.passwordChange(PASSWORD, NEW_PASSWORD, { email: address }))
    assert.equal(refused.name, 'NotAuthenticated')
  } finally {
    c.close()
  }
}

/** The shared rate limit: the 4th sendResetPwd from one address is refused over the socket and over REST alike. */
scenarios.rateLimitRefusal = async () => {
  const ip = randomIp()
  const c = connect(ip)
  try {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await c.service.create({ action: 'sendResetPwd', value: { email: email('limited') } }), {})
    }
    const refused = await rejection(c.fam.sendResetPwd({ email: email('limited') }))
    assert.equal(refused.name, 'TooManyRequests')
    assert.equal(refused.code, 429)
    sameAsRest(refused, await rest('/authManagement', { action: 'sendResetPwd', value: { email: email('limited') } }, { ip }))
  } finally {
    c.close()
  }
}

scenarios.defaultClientUpgradesToWebsocketAndWebsocketOnlyWorks = async () => {
  const c = connect(randomIp())
  const w = connect(randomIp(), { transports: ['websocket'] })
  try {
    await c.service.create({ action: 'options' })
    for (let i = 0; i < 50 && c.socket.io.engine.transport.name !== 'websocket'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    assert.equal(c.socket.io.engine.transport.name, 'websocket')
    assert.equal((await c.service.create({ action: 'options' })).path, 'authManagement')
    assert.equal((await w.service.create({ action: 'options' })).path, 'authManagement')
    assert.equal(w.socket.io.engine.transport.name, 'websocket')
  } finally {
    c.close()
    w.close()
  }
}

// ------------------------------------------------------------------ runner

async function main() {
  const only = process.argv.slice(2)
  let passed = 0
  let failed = 0
  for (const [name, run] of Object.entries(scenarios)) {
    if (only.length && !only.includes(name)) continue
    try {
      await run()
      passed++
      console.log(`PASS ${name}`)
    } catch (e) {
      failed++
      console.log(`FAIL ${name}: ${(e && e.stack) || e}`.replace(/\n/g, '\n    '))
    }
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main()
