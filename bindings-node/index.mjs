// ESM entry point: the same objects as the CommonJS one (one module instance).
import cjs from './index.js';

export const {
  WorkOS,
  DirectorySync,
  DirectoryList,
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
} = cjs;
export default cjs;
