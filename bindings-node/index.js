'use strict';
// The public face of workos-dsync for Node: the official SDK's shape
// (`new WorkOS(key, options).directorySync...`) over the native core. This
// file translates only: options, results into objects, native error objects
// into exception classes, and pages into async iteration.

const { NativeClient } = require('./native.js');
const errors = require('./errors.js');

const { fromNative, InvalidArgumentException } = errors;

function unwrap(result) {
  if (result.error) throw fromNative(result.error);
  return result.value;
}

function requireString(name, value) {
  if (typeof value !== 'string') {
    throw new InvalidArgumentException(`\`${name}\` must be a string, not ${typeof value}`, {
      kind: 'invalid_argument',
    });
  }
}

// napi would refuse other types with its own plain Error; numbers are range-checked natively.
function optionalNumber(name, value) {
  if (value !== undefined && value !== null && typeof value !== 'number') {
    throw new InvalidArgumentException(`\`${name}\` must be a number, not ${typeof value}`, {
      kind: 'invalid_argument',
    });
  }
}

// The native constructor refuses numbers out of range with napi's InvalidArg
// status; that is this package's InvalidArgumentException.
function nativeClient(options) {
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
  if (options.baseUrl !== undefined) return options.baseUrl;
  if (options.apiHostname === undefined) return undefined;
  const scheme = options.https === false ? 'http' : 'https';
  const port = options.port !== undefined ? `:${options.port}` : '';
  return `${scheme}://${options.apiHostname}${port}`;
}

function nativeParams(params) {
  if (params === undefined || params === null) return undefined;
  if (typeof params !== 'object') {
    throw new InvalidArgumentException('list parameters must be an object', { kind: 'invalid_argument' });
  }
  const { organizationId, search, domain, limit, before, after, order } = params;
  optionalNumber('limit', limit);
  return { organizationId, search, domain, limit, before, after, order };
}

/**
 * One page of directories. `data` and `listMetadata` are the page;
 * `for await (const d of list)` and `autoPagination()` go on lazily through
 * every following page, keeping the same filters.
 */
class DirectoryList {
  #native;
  #params;

  constructor(native, params, page) {
    this.#native = native;
    this.#params = params;
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
    const pages = this.#native.pagesAfter(this.#params, this.listMetadata.after ?? undefined);
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

  /** Gets one directory. */
  async getDirectory(id) {
    requireString('id', id);
    return unwrap(await this.#native.getDirectory(id));
  }

  /** Lists one page of directories; iterate the result for every page. */
  async listDirectories(params) {
    const p = nativeParams(params);
    const page = unwrap(await this.#native.listDirectories(p));
    return new DirectoryList(this.#native, p, page);
  }

  /** Deletes a directory. */
  async deleteDirectory(id) {
    requireString('id', id);
    unwrap(await this.#native.deleteDirectory(id));
  }
}

/**
 * The client. `new WorkOS(apiKey?, { baseUrl, maxRetries, timeout, apiHostname, port, https })`;
 * the key and base URL default to WORKOS_API_KEY and WORKOS_BASE_URL. Throws
 * InvalidArgumentException unless `maxRetries` is an integer from 0 to 2^32 - 1
 * and `timeout` a number of milliseconds from 0 to about 1.8e22.
 */
class WorkOS {
  #native;

  constructor(apiKey, options = {}) {
    if (typeof apiKey === 'object' && apiKey !== null) {
      options = apiKey;
      apiKey = undefined;
    }
    this.#native = nativeClient({
      apiKey: apiKey ?? options.apiKey,
      baseUrl: baseUrlOf(options),
      maxRetries: options.maxRetries,
      timeoutMs: options.timeout,
      nodeVersion: process.versions.node,
    });
    this.directorySync = new DirectorySync(this.#native);
  }

  /** The base URL in use; undefined when the configuration is unusable. */
  get baseUrl() {
    return this.#native.baseUrl ?? undefined;
  }
}

module.exports = {
  WorkOS,
  DirectorySync,
  DirectoryList,
  ...errors,
};
delete module.exports.fromNative;
delete module.exports.CLASSES_BY_KIND;
module.exports.ERROR_CLASSES_BY_KIND = errors.CLASSES_BY_KIND;
