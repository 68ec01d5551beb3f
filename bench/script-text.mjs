// The script rows 1-4 and the per-client rows run: one key, an integer and a 10-element list.

export const LUA = `\
%key counter
%arg step integer
%arg tags list
%return integer
local total = redis.call('INCRBY', counter, step)
return total + #tags
`

export const KEY = 'bench:counter'
export const STEP = 3
export const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa']
/** What a raw `evalsha` caller sends: arguments encoded once, up front. */
export const RAW_ARGS = [KEY, String(STEP), JSON.stringify(TAGS)]
export const PARAMS = { counter: KEY, step: STEP, tags: TAGS }
/** What a raw caller with new arguments per call sends: the same text as RAW_ARGS, encoded on each call. */
export const encodedArgs = () => [KEY, String(STEP), JSON.stringify(TAGS)]

const integerReply = reply => (Number.isInteger(reply) ? reply : Promise.reject(new TypeError('not an integer reply')))
const passOn = error => Promise.reject(error)
/**
 * The least a typed, promise-returning wrapper adds to a raw call: one `then` that checks the reply and
 * hands errors on (constant handlers, no closure per call). Row 9's floor.
 */
export const withOneThen = promise => promise.then(integerReply, passOn)
