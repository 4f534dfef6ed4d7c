'use strict';
// The exceptions of workos-dsync: one class per kind of the error table (CONTRACT.md, from contract/errors.toml),
// all `instanceof WorkOSError` (which extends Error), and ERROR_CLASSES_BY_KIND,
// which index.js's `fromNative` uses to turn the core's error kind into a class.
// Everything exported here is public: index.js re-exports it as it is.

class WorkOSError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = new.target.name;
    /** The core's stable kind name, such as "not_found". */
    this.kind = fields.kind ?? new.target.kind;
    this.status = fields.status ?? undefined;
    this.code = fields.code ?? undefined;
    this.requestID = fields.requestId ?? undefined;
    this.errors = fields.errors ?? [];
    this.retryAfter = fields.retryAfter ?? undefined;
  }
}
WorkOSError.kind = 'workos';

function define(name, kind, base = WorkOSError) {
  const cls = { [name]: class extends base {} }[name];
  cls.kind = kind;
  return cls;
}

// BEGIN generated from contract/errors.toml (classes): edit that file, then run scripts/generate-errors
const BadRequestException = define('BadRequestException', 'bad_request');
const UnauthorizedException = define('UnauthorizedException', 'authentication');
const AuthorizationException = define('AuthorizationException', 'authorization');
const NotFoundException = define('NotFoundException', 'not_found');
const ConflictException = define('ConflictException', 'conflict');
const UnprocessableEntityException = define('UnprocessableEntityException', 'unprocessable_entity');
const RateLimitExceededException = define('RateLimitExceededException', 'rate_limited');
const GenericServerException = define('GenericServerException', 'server');
const ConnectionException = define('ConnectionException', 'connection');
const TimeoutException = define('TimeoutException', 'timeout');
const InvalidResponseException = define('InvalidResponseException', 'invalid_response');
const InvalidArgumentException = define('InvalidArgumentException', 'invalid_argument');
const ConfigurationException = define('ConfigurationException', 'configuration');
// END generated from contract/errors.toml (classes)

/** The class of each kind the core can report. */
const ERROR_CLASSES_BY_KIND = Object.freeze({
  // BEGIN generated from contract/errors.toml (classes-by-kind): edit that file, then run scripts/generate-errors
  bad_request: BadRequestException,
  authentication: UnauthorizedException,
  authorization: AuthorizationException,
  not_found: NotFoundException,
  conflict: ConflictException,
  unprocessable_entity: UnprocessableEntityException,
  rate_limited: RateLimitExceededException,
  server: GenericServerException,
  api: GenericServerException,
  connection: ConnectionException,
  timeout: TimeoutException,
  invalid_response: InvalidResponseException,
  invalid_argument: InvalidArgumentException,
  configuration: ConfigurationException,
  // END generated from contract/errors.toml (classes-by-kind)
});

module.exports = {
  WorkOSError,
  // BEGIN generated from contract/errors.toml (exports): edit that file, then run scripts/generate-errors
  BadRequestException,
  UnauthorizedException,
  AuthorizationException,
  NotFoundException,
  ConflictException,
  UnprocessableEntityException,
  RateLimitExceededException,
  GenericServerException,
  ConnectionException,
  TimeoutException,
  InvalidResponseException,
  InvalidArgumentException,
  ConfigurationException,
  // END generated from contract/errors.toml (exports)
  ERROR_CLASSES_BY_KIND,
};
