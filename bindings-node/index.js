'use strict';
// The public face of workos-dsync for Node: the official SDK's shape
// (`new WorkOS(key, options).directorySync...`) over the native core. This
// file translates only: options, results into objects, native error objects
// into exception classes, and pages into async iteration.

const { NativeClient } = require('./native.js');
const { WorkOSError, ERROR_CLASSES_BY_KIND, InvalidArgumentException } = require('./errors.js');

/** The exception for a native error object; `message` is the API's own message. */
function fromNative(e) {
  const cls = ERROR_CLASSES_BY_KIND[e.kind] ?? WorkOSError;
  return new cls(e.message, e);
}

function unwrap(result) {
  if (result.error) throw fromNative(result.error);
  return result.value;
}

// A value of the wrong type is a TypeError, as in JavaScript itself and in
// the Python binding; a value of the right type that the core refuses (out of
// range, empty ...) is InvalidArgumentException.
function wrongType(name, want, value) {
  const got = value === null ? 'null' : typeof value;
  return new TypeError(`\`${name}\` must be ${want}, not ${got}`);
}

function requireString(name, value) {
  if (typeof value !== 'string') throw wrongType(name, 'a string', value);
}

function optionalString(name, value) {
  if (value !== undefined && value !== null && typeof value !== 'string') throw wrongType(name, 'a string', value);
}

// Ranges are the core's, checked natively; napi would refuse other types with its own plain Error.
function optionalNumber(name, value) {
  if (value !== undefined && value !== null && typeof value !== 'number') throw wrongType(name, 'a number', value);
}

// The native constructor refuses numbers out of range with napi's InvalidArg
// status; that is this package's InvalidArgumentException.
function nativeClient(options) {
  optionalString('apiKey', options.apiKey);
  optionalString('baseUrl', options.baseUrl);
  optionalNumber('maxRetries', options.maxRetries);
  optionalNumber('timeout', options.timeoutMs);
  try {
    return new NativeClient(options);
  } catch (e) {
    if (e?.code === 'InvalidArg') throw new InvalidArgumentException(e.message, { kind: 'invalid_argument' });
    throw e;
  }
}

// The official SDK addresses the API as { apiHostname, port, https }; the core takes one URL.
function baseUrlOf(options) {
  if (options.baseUrl !== undefined && options.baseUrl !== null) return options.baseUrl;
  if (options.apiHostname === undefined || options.apiHostname === null) return undefined;
  const scheme = options.https === false ? 'http' : 'https';
  const port = options.port !== undefined ? `:${options.port}` : '';
  return `${scheme}://${options.apiHostname}${port}`;
}

function nativeParams(params) {
  if (params === undefined || params === null) return undefined;
  if (typeof params !== 'object') throw wrongType('list parameters', 'an object', params);
  const { organizationId, search, domain, limit, before, after, order } = params;
  for (const [name, value] of Object.entries({ organizationId, search, domain, before, after, order })) {
    optionalString(name, value);
  }
  optionalNumber('limit', limit);
  // null is "not given", as undefined is; napi takes only undefined for that.
  return {
    organizationId: organizationId ?? undefined,
    search: search ?? undefined,
    domain: domain ?? undefined,
    limit: limit ?? undefined,
    before: before ?? undefined,
    after: after ?? undefined,
    order: order ?? undefined,
  };
}

// The options every method takes last, for that call only (and for every page
// a walk fetches). Unknown keys are a TypeError: a misspelt option would
// otherwise be dropped without a word.
const REQUEST_OPTIONS = ['timeout', 'maxRetries', 'extraHeaders', 'idempotencyKey', 'baseUrl'];

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value) {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return value === null ? 'null' : typeof value;
}

// `options` as the addon takes it, or undefined for none. Types are checked
// here (TypeError); ranges, a zero timeout and refused headers are the core's
// (InvalidArgumentException, from the call's result).
function nativeOptions(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`\`options\` must be an object, not ${kindOf(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!REQUEST_OPTIONS.includes(key)) {
      throw new TypeError(`unknown option \`${key}\`; the options are ${REQUEST_OPTIONS.join(', ')}`);
    }
  }
  const { timeout, maxRetries, extraHeaders, idempotencyKey, baseUrl } = options;
  optionalNumber('timeout', timeout);
  optionalNumber('maxRetries', maxRetries);
  optionalString('idempotencyKey', idempotencyKey);
  optionalString('baseUrl', baseUrl);
  let headers;
  if (extraHeaders !== undefined && extraHeaders !== null) {
    // A Map or a Headers has no own keys: it would send nothing, silently.
    if (!isPlainObject(extraHeaders)) {
      throw new TypeError(`\`extraHeaders\` must be an object of header names to strings, not ${kindOf(extraHeaders)}`);
    }
    headers = Object.entries(extraHeaders).map(([name, value]) => {
      if (typeof value !== 'string') throw wrongType(`extraHeaders[${JSON.stringify(name)}]`, 'a string', value);
      return [name, value];
    });
  }
  // null is "not given", as undefined is; napi takes only undefined for that.
  return {
    timeoutMs: timeout ?? undefined,
    maxRetries: maxRetries ?? undefined,
    extraHeaders: headers,
    idempotencyKey: idempotencyKey ?? undefined,
    baseUrl: baseUrl ?? undefined,
  };
}

/**
 * One page of directories. `data` and `listMetadata` are the page;
 * `for await (const d of list)` and `autoPagination()` go on lazily through
 * every following page, keeping the same filters and request options.
 */
class DirectoryList {
  #native;
  #params;
  #options;

  constructor(native, params, options, page) {
    this.#native = native;
    this.#params = params;
    this.#options = options;
    this.object = page.object;
    this.data = page.data;
    this.listMetadata = {
      before: page.listMetadata.before ?? null,
      after: page.listMetadata.after ?? null,
    };
  }

  /** Every directory from this page on, in one array. */
  async autoPagination() {
    const all = [];
    for await (const directory of this) all.push(directory);
    return all;
  }

  async *[Symbol.asyncIterator]() {
    yield* this.data;
    const pages = this.#native.pagesAfter(
      this.#params, this.listMetadata.before ?? undefined, this.listMetadata.after ?? undefined, this.#options);
    for (;;) {
      const page = unwrap(await pages.nextPage());
      if (!page) return;
      yield* page.data;
    }
  }
}

class DirectorySync {
  #native;

  constructor(native) {
    this.#native = native;
  }

  // Each method takes `options` last: { timeout, maxRetries, extraHeaders,
  // idempotencyKey, baseUrl }, overriding the client's for that call only.

  /** Gets one directory. */
  async getDirectory(id, options) {
    requireString('id', id);
    return unwrap(await this.#native.getDirectory(id, nativeOptions(options)));
  }

  /** Lists one page of directories; iterate the result for every page (each fetched with `options`). */
  async listDirectories(params, options) {
    const p = nativeParams(params);
    const o = nativeOptions(options);
    const page = unwrap(await this.#native.listDirectories(p, o));
    return new DirectoryList(this.#native, p, o, page);
  }

  /** Deletes a directory. */
  async deleteDirectory(id, options) {
    requireString('id', id);
    unwrap(await this.#native.deleteDirectory(id, nativeOptions(options)));
  }
}

/**
 * The client. `new WorkOS(apiKey?, { baseUrl, maxRetries, timeout, apiHostname, port, https })`;
 * the key and base URL default to WORKOS_API_KEY and WORKOS_BASE_URL. Throws
 * InvalidArgumentException unless `maxRetries` is an integer from 0 to 2^32 - 1
 * and `timeout` a number of milliseconds from 0 to about 1.8e22, and TypeError
 * for an option of the wrong type.
 */
class WorkOS {
  #native;

  constructor(apiKey, options = {}) {
    if (typeof apiKey === 'object' && apiKey !== null) {
      options = apiKey;
      apiKey = undefined;
    }
    // null is "not given", as undefined is; napi takes only undefined for that.
    this.#native = nativeClient({
      apiKey: apiKey ?? options.apiKey ?? undefined,
      baseUrl: baseUrlOf(options) ?? undefined,
      maxRetries: options.maxRetries ?? undefined,
      timeoutMs: options.timeout ?? undefined,
      nodeVersion: process.versions.node,
    });
    this.directorySync = new DirectorySync(this.#native);
  }

  /** The base URL in use; undefined when the configuration is unusable. */
  get baseUrl() {
    return this.#native.baseUrl ?? undefined;
  }
}

// The errors are spread from a `require()` call, not a variable, so that
// Node's ESM loader finds their names without running this file
// (cjs-module-lexer follows such a spread into errors.js): index.mjs
// re-exports every name here with `export *`.
module.exports = {
  WorkOS,
  DirectorySync,
  DirectoryList,
  ...require('./errors.js'),
};
