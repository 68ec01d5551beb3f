// The entry scripts of `scripts/` as `.lua` imports: what the register hook and the Vite plugin load.
import incr from './scripts/counter/incr.lua'
import read from './scripts/counter/read.lua'
import greet from './scripts/greet.lua'
import sum from './scripts/sum.lua'

export default { 'counter/incr': incr, 'counter/read': read, greet, sum }
