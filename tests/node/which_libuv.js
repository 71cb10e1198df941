// Prints the path of the libuv.so this node process loaded.
'use strict';
const line = require('fs').readFileSync('/proc/self/maps', 'utf8')
  .split('\n').find((l) => /libuv\.so/.test(l));
console.log(line.trim().split(/\s+/).pop());
