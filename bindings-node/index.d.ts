// Types of the public API: the models, the client, the list with async
// iteration, and the errors. The addon hands out each model as the core's
// serde shape with camelCase keys (src/models.rs), so the model interfaces
// below are the core's structs (core/src/models.rs), field for field;
// test/types.test.mjs checks a live directory against them.

import type { FieldError } from './native';

export type { FieldError };

/** A directory: one connection between an organization and a directory provider. */
export interface Directory {
  // BEGIN generated from core/src/models.rs (directory-fields): edit that file, then run scripts/generate-models
  /** Always `"directory"`. */
  object: string;
  /** Unique identifier, such as `directory_01ECAZ4NV9QMV47GW873HDCX74`. */
  id: string;
  /** The organization the directory belongs to. */
  organizationId: string;
  /** External key of the directory. */
  externalKey: string;
  /** The directory provider, such as `okta scim v2.0`; a value this version does not know is kept as sent. */
  type: string;
  /** The connection state (`linked`, `unlinked` ...); a value this version does not know is kept as sent. */
  state: string;
  /** Display name. */
  name: string;
  /** The domain, when there is one. */
  domain?: string;
  /** User and group counts, when the API sent them. */
  metadata?: DirectoryMetadata;
  /** Creation time, an RFC 3339 timestamp exactly as sent. */
  createdAt: string;
  /** Last update time, an RFC 3339 timestamp exactly as sent. */
  updatedAt: string;
  // END generated from core/src/models.rs (directory-fields)
}

/** User and group counts of a directory. */
export interface DirectoryMetadata {
  users: DirectoryUsersMetadata;
  /** Number of directory groups. */
  groups: number;
}

/** User counts of a directory. */
export interface DirectoryUsersMetadata {
  active: number;
  inactive: number;
}

/** Sort order by creation time. */
export type Order = 'asc' | 'desc' | 'normal';

export interface WorkOSOptions {
  /** The API key, when not given as the first argument (default: WORKOS_API_KEY). */
  apiKey?: string;
  /** Where the API is (default: WORKOS_BASE_URL, then https://api.workos.com). Plain http only for loopback. */
  baseUrl?: string;
  /**
   * Retries of a failed request: 408, 429, 500, 502, 503, 504, connection failures, timeouts (default 3).
   * An integer from 0 to 2^32 - 1; any other number makes the constructor throw
   * InvalidArgumentException, and a value that is not a number TypeError.
   */
  maxRetries?: number;
  /**
   * Per-attempt timeout in milliseconds (default 60000). From 0 to about 1.8e22, or the
   * constructor throws InvalidArgumentException (TypeError for a value that is not a number);
   * 0 makes every call fail with ConfigurationException.
   */
  timeout?: number;
  /** The official SDK's way to set the host, when `baseUrl` is not given. */
  apiHostname?: string;
  /** With `apiHostname`. */
  port?: number;
  /** With `apiHostname`: `false` for plain http (loopback only). Default true. */
  https?: boolean;
}

export interface ListDirectoriesOptions {
  organizationId?: string;
  search?: string;
  /** @deprecated by WorkOS; still served. */
  domain?: string;
  /**
   * An integer from 1 to 100; any other number rejects with InvalidArgumentException (a value
   * that is not a number with TypeError), and nothing is sent.
   */
  limit?: number;
  before?: string;
  after?: string;
  order?: Order;
}

/**
 * Options for one call, the last argument of every `directorySync` method. Each one given
 * overrides the client's setting for that call only; a list's `for await` and
 * `autoPagination()` fetch every further page with the same options. `null` or `undefined`
 * is "not given". An unknown key, or a value of the wrong type, rejects with TypeError; a
 * number out of range, a zero timeout or a refused header rejects with
 * InvalidArgumentException. Either way nothing is sent.
 */
export interface RequestOptions {
  /** Per-attempt timeout in milliseconds, as the client's `timeout`; more than 0. */
  timeout?: number;
  /** Retries after a failed first attempt: an integer from 0 to 2^32 - 1 (0 turns retries off). */
  maxRetries?: number;
  /**
   * More headers to send, name to value. The client's own headers (`Authorization`,
   * `User-Agent`, `Content-Type`, `Host`, `Content-Length`, `Transfer-Encoding`,
   * `Connection`) and `Idempotency-Key` (use `idempotencyKey`) cannot be set here, nor a
   * name or value an HTTP header cannot carry (a line break, say): InvalidArgumentException.
   */
  extraHeaders?: Record<string, string>;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
  /**
   * Where this call goes instead of the client's base URL, under the same rules (https, or
   * http to a loopback host): an unusable one rejects with ConfigurationException.
   */
  baseUrl?: string;
}

export interface ListMetadata {
  /** Pass as `before` for the previous page; null at the start. */
  before: string | null;
  /** Pass as `after` for the next page; null at the end. */
  after: string | null;
}

/**
 * One page; iterate it (`for await`) or call `autoPagination()` for every page from here on,
 * each fetched with the filters and the `RequestOptions` of the `listDirectories` call.
 */
export declare class DirectoryList implements AsyncIterable<Directory> {
  private constructor();
  readonly object: 'list' | string;
  readonly data: Directory[];
  readonly listMetadata: ListMetadata;
  autoPagination(): Promise<Directory[]>;
  [Symbol.asyncIterator](): AsyncIterator<Directory>;
}

/** `workos.directorySync`. Every method takes `RequestOptions` last, for that call only. */
export declare class DirectorySync {
  private constructor();
  /** Gets one directory (`GET /directories/{id}`). */
  getDirectory(id: string, options?: RequestOptions): Promise<Directory>;
  /**
   * Lists one page (`GET /directories`); iterate the result for every page. `options`
   * apply to this page and to every page the iteration fetches.
   */
  listDirectories(params?: ListDirectoriesOptions, options?: RequestOptions): Promise<DirectoryList>;
  /** Deletes a directory (`DELETE /directories/{id}`). */
  deleteDirectory(id: string, options?: RequestOptions): Promise<void>;
}

export declare class WorkOS {
  /**
   * @throws {InvalidArgumentException} for a `maxRetries` or `timeout` out of range.
   * @throws {TypeError} for an option of the wrong type.
   */
  constructor(apiKey?: string, options?: WorkOSOptions);
  constructor(options: WorkOSOptions);
  readonly directorySync: DirectorySync;
  /** The base URL in use; undefined when the configuration is unusable. */
  readonly baseUrl: string | undefined;
}

// BEGIN generated from contract/errors.toml (kinds): edit that file, then run scripts/generate-errors
/** The kind names of the error table. */
export type ErrorKind =
  | 'bad_request'
  | 'authentication'
  | 'authorization'
  | 'not_found'
  | 'conflict'
  | 'unprocessable_entity'
  | 'rate_limited'
  | 'server'
  | 'api'
  | 'connection'
  | 'timeout'
  | 'invalid_response'
  | 'invalid_argument'
  | 'configuration';
// END generated from contract/errors.toml (kinds)

/** Base class of every error; extends Error. */
export declare class WorkOSError extends Error {
  /** The core's stable kind name. */
  readonly kind: ErrorKind;
  /** HTTP status, for errors that came with a response. */
  readonly status: number | undefined;
  /** The API's error code, such as "entity_not_found". */
  readonly code: string | undefined;
  /** The X-Request-ID of the response. */
  readonly requestID: string | undefined;
  /** Field errors of a 422. */
  readonly errors: FieldError[];
  /** Seconds the server asked to wait (Retry-After). */
  readonly retryAfter: number | undefined;
}
// BEGIN generated from contract/errors.toml (classes): edit that file, then run scripts/generate-errors
/** `bad_request`: HTTP 400: the API refused the request as malformed. */
export declare class BadRequestException extends WorkOSError {}
/** `authentication`: HTTP 401: the API key is missing, wrong or revoked. */
export declare class UnauthorizedException extends WorkOSError {}
/** `authorization`: HTTP 403: the API key may not do this. */
export declare class AuthorizationException extends WorkOSError {}
/** `not_found`: HTTP 404: no such resource. */
export declare class NotFoundException extends WorkOSError {}
/** `conflict`: HTTP 409: the request conflicts with the resource's current state. */
export declare class ConflictException extends WorkOSError {}
/** `unprocessable_entity`: HTTP 422: invalid parameters; the error's field errors name the fields at fault. */
export declare class UnprocessableEntityException extends WorkOSError {}
/** `rate_limited`: HTTP 429: too many requests; the error carries the server's Retry-After when it sent one. */
export declare class RateLimitExceededException extends WorkOSError {}
/**
 * `server`: HTTP 500 to 599: the server failed.
 * `api`: Any other non-2xx status, 408 and redirects included (redirects are never followed).
 */
export declare class GenericServerException extends WorkOSError {}
/** `connection`: The connection could not be made, or was lost before a full response arrived. */
export declare class ConnectionException extends WorkOSError {}
/** `timeout`: No complete response within the per-attempt timeout. */
export declare class TimeoutException extends WorkOSError {}
/** `invalid_response`: A response that is not what the API promises: a 2xx body that does not decode, a body over the size cap, a cursor already followed. */
export declare class InvalidResponseException extends WorkOSError {}
/** `invalid_argument`: An argument the API would refuse, caught before any request was sent. */
export declare class InvalidArgumentException extends WorkOSError {}
/** `configuration`: The client cannot make requests: no API key, or an unusable base URL. */
export declare class ConfigurationException extends WorkOSError {}
// END generated from contract/errors.toml (classes)

/** The class each error kind is raised as. */
export declare const ERROR_CLASSES_BY_KIND: Readonly<Record<ErrorKind, typeof WorkOSError>>;
