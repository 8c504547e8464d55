// Jest environment of the console's component tests: jsdom, plus the fetch API and streams of
// Node (the page calls the API with fetch; jsdom has none).
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextDecoderStream',
  'TextEncoderStream',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'AbortSignal',
  'structuredClone',
];

/** The page's origin in tests: the client calls the API by path ('/api/v1/…'), as in a browser. */
const ORIGIN = 'http://console.test';

class PageRequest extends Request {
  constructor(input, init) {
    super(typeof input === 'string' && input.startsWith('/') ? new URL(input, ORIGIN) : input, init);
  }
}

class ConsoleEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) this.global[name] = globalThis[name];
    this.global.Request = PageRequest;
  }
}

module.exports = ConsoleEnvironment;
