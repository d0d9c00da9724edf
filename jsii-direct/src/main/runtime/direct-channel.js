'use strict';
// Preloaded (`node --require`) into jsii's kernel, lib/program.js, by the `jsii-runtime` launcher beside this file.
//
// Why it exists: jsii's bundled launcher (bin/jsii-runtime.js in the jsii-runtime jar) is a second Node process
// between the JVM and the kernel. It starts the kernel with stdin ignored, copies the JVM's requests to the kernel's
// fd 3 and the kernel's answers back to its own stdout, and turns the kernel's console output into JSON lines on its
// own stderr. A synth of every environment makes ~1,900 round trips and each crossed that process twice, besides
// the cost of starting it. Here the kernel talks to the JVM itself and the JVM sees the same streams:
//
// - The kernel's channel is fixed at fd 3 (`readFD:3,writeFD:3`, checked at build time). The launcher holds fd 3 open
//   on /dev/null, so no file this process opens can take that number; reads of fd 3 are served from stdin (where the
//   JVM writes requests) and writes to fd 3 go to stdout (where the JVM reads answers).
// - Library code's process.stdout output must not enter that channel: it goes to stderr the way the bundled launcher
//   sent it, one {"stdout":"<base64>"} line per write, which the JVM's jsii client decodes onto its own stdout.
//   process.stderr is left alone: the client prints lines that are not such JSON as they are.
// - Nothing but the kernel may read stdin: process.stdin is an ended stream, as it was for the kernel before.
const fs = require('fs');
const { isMainThread } = require('worker_threads');

const CHANNEL = 3;
const REQUESTS = 0;
const ANSWERS = 1;
const CONSOLE = 2;

// jsii's kernel builds its type index in a worker thread; the worker shares the process's descriptors and must keep
// its own stdio as Node made it.
if (isMainThread) {
  // Node's own descriptors (epoll and the like) take the lowest free numbers at start: unless the launcher took 3
  // first, it is one of those and must not be touched.
  let held = false;
  try {
    const channel = fs.fstatSync(CHANNEL);
    held = channel.isCharacterDevice() && channel.rdev === fs.statSync('/dev/null').rdev;
  } catch (notOpen) {
    held = false;
  }
  if (!held) {
    throw new Error('direct-channel.js: fd 3 is not held on /dev/null. Start jsii\'s kernel through the jsii-runtime'
      + ' launcher beside this file.');
  }

  const readSync = fs.readSync;
  const writeSync = fs.writeSync;
  fs.readSync = function readChannel(fd, ...rest) {
    return readSync(fd === CHANNEL ? REQUESTS : fd, ...rest);
  };
  fs.writeSync = function writeChannel(fd, ...rest) {
    return writeSync(fd === CHANNEL ? ANSWERS : fd, ...rest);
  };

  const writeFully = (fd, bytes) => {
    let written = 0;
    while (written < bytes.length) {
      try {
        written += writeSync(fd, bytes, written, bytes.length - written);
      } catch (error) {
        if (error.code !== 'EAGAIN') {
          throw error;
        }
      }
    }
  };

  const { Readable, Writable } = require('stream');
  const stdout = new Writable({
    decodeStrings: true,
    write(chunk, encoding, done) {
      writeFully(CONSOLE, Buffer.from(JSON.stringify({ stdout: chunk.toString('base64') }) + '\n'));
      done();
    },
  });
  stdout.isTTY = false;
  let stdin;
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => stdout });
  Object.defineProperty(process, 'stdin', {
    configurable: true,
    enumerable: true,
    get: () => {
      stdin = stdin || Readable.from([]);
      return stdin;
    },
  });
}
