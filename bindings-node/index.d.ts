// Types of the public API. The model types come from the generated
// `native.d.ts` (the Rust surface, regenerated and checked by CI); this file
// adds the facade: the client, the list with async iteration, and the errors.

import type {
  Directory,
  DirectoryMetadata,
  DirectoryUsersMetadata,
  FieldError,
} from './native';

export type { Directory, DirectoryMetadata, DirectoryUsersMetadata, FieldError };

/** Sort order by creation time. */
export type Order = 'asc' | 'desc' | 'normal';

export interface WorkOSOptions {
  /** The API key, when not given as the first argument (default: WORKOS_API_KEY). */
  apiKey?: string;
  /** Where the API is (default: WORKOS_BASE_URL, then https://api.workos.com). Plain http only for loopback. */
  baseUrl?: string;
  /**
   * Retries of a failed request: 408, 429, 5xx, connection failures, timeouts (default 3).
   * An integer from 0 to 2^32 - 1; anything else makes the constructor throw InvalidArgumentException.
   */
  maxRetries?: number;
  /**
   * Per-attempt timeout in milliseconds (default 60000). From 0 to about 1.8e22, or the
   * constructor throws InvalidArgumentException; 0 makes every call fail with ConfigurationException.
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
  /** An integer from 1 to 100; anything else rejects with InvalidArgumentException, nothing sent. */
  limit?: number;
  before?: string;
  after?: string;
  order?: Order;
}

export interface ListMetadata {
  /** Pass as `before` for the previous page; null at the start. */
  before: string | null;
  /** Pass as `after` for the next page; null at the end. */
  after: string | null;
}

/** One page; iterate it (`for await`) or call `autoPagination()` for every page from here on. */
export declare class DirectoryList implements AsyncIterable<Directory> {
  private constructor();
  readonly object: 'list' | string;
  readonly data: Directory[];
  readonly listMetadata: ListMetadata;
  autoPagination(): Promise<Directory[]>;
  [Symbol.asyncIterator](): AsyncIterator<Directory>;
}

export declare class DirectorySync {
  private constructor();
  getDirectory(id: string): Promise<Directory>;
  listDirectories(options?: ListDirectoriesOptions): Promise<DirectoryList>;
  deleteDirectory(id: string): Promise<void>;
}

export declare class WorkOS {
  /** @throws {InvalidArgumentException} for a `maxRetries` or `timeout` out of range. */
  constructor(apiKey?: string, options?: WorkOSOptions);
  constructor(options: WorkOSOptions);
  readonly directorySync: DirectorySync;
  /** The base URL in use; undefined when the configuration is unusable. */
  readonly baseUrl: string | undefined;
}

/** The kind names of SPEC.md's error table. */
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
export declare class BadRequestException extends WorkOSError {}
export declare class UnauthorizedException extends WorkOSError {}
export declare class AuthorizationException extends WorkOSError {}
export declare class NotFoundException extends WorkOSError {}
export declare class ConflictException extends WorkOSError {}
export declare class UnprocessableEntityException extends WorkOSError {}
export declare class RateLimitExceededException extends WorkOSError {}
export declare class GenericServerException extends WorkOSError {}
export declare class ConnectionException extends WorkOSError {}
export declare class TimeoutException extends WorkOSError {}
export declare class InvalidResponseException extends WorkOSError {}
export declare class InvalidArgumentException extends WorkOSError {}
export declare class ConfigurationException extends WorkOSError {}

/** The class each error kind is raised as. */
export declare const ERROR_CLASSES_BY_KIND: Readonly<Record<ErrorKind, typeof WorkOSError>>;
