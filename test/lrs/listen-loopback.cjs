// Preloaded into the xapi-statements process (node --require): binds its server to 127.0.0.1 on the
// port it is given (0 = any free port) and reports the real port to the parent over IPC.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const port = Number(args[0]);
    const callback = args.find((a) => typeof a === 'function');
    this.once('listening', () => {
      if (process.send) process.send({ pathwayLrsPort: this.address().port });
    });
    return listen.call(this, port, '127.0.0.1', callback);
  }
  return listen.apply(this, args);
};
