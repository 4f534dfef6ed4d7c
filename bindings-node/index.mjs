// ESM entry point: the same objects as the CommonJS one (one module instance).
import cjs from './index.js';

export const {
  WorkOS,
  DirectorySync,
  DirectoryList,
  WorkOSError,
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
  ERROR_CLASSES_BY_KIND,
} = cjs;
export default cjs;
