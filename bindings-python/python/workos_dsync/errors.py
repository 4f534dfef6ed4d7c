"""The exceptions of workos_dsync: one class per kind of the error table (CONTRACT.md, from contract/errors.toml).

Every exception derives from :class:`WorkOSError` and carries ``kind`` (the
core's stable kind name, such as ``"not_found"``). The ones raised for an HTTP
response derive from :class:`APIError` and also carry ``status_code``,
``code``, ``message``, ``request_id`` (the ``X-Request-ID`` header),
``errors`` (422 field errors) and ``retry_after`` (seconds, from
``Retry-After``). :class:`InvalidArgumentError` is also a ``ValueError``.

The native module builds these from the core's error in one place
(``bindings-python/src/errors.rs``); they pickle with every field.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Optional, Type

__all__ = [
    "WorkOSError",
    # BEGIN generated from contract/errors.toml (all): edit that file, then run scripts/generate-errors
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "AuthorizationError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitExceededError",
    "ServerError",
    "WorkOSConnectionError",
    "WorkOSTimeoutError",
    "InvalidResponseError",
    "InvalidArgumentError",
    "ConfigurationError",
    # END generated from contract/errors.toml (all)
]


class WorkOSError(Exception):
    """Base class of every error this package raises."""

    kind: ClassVar[str] = "workos"

    def __init__(
        self,
        message: str = "",
        *,
        status_code: Optional[int] = None,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        errors: Optional[List[Dict[str, Any]]] = None,
        retry_after: Optional[float] = None,
        display: Optional[str] = None,
    ) -> None:
        super().__init__(display if display is not None else message)
        self.message: str = message
        self.status_code: Optional[int] = status_code
        self.code: Optional[str] = code
        self.request_id: Optional[str] = request_id
        self.errors: List[Dict[str, Any]] = list(errors or [])
        self.retry_after: Optional[float] = retry_after

    def __reduce__(self) -> Any:
        fields = {
            "status_code": self.status_code,
            "code": self.code,
            "request_id": self.request_id,
            "errors": self.errors,
            "retry_after": self.retry_after,
            "display": str(self),
        }
        return (_rebuild, (type(self), self.message, fields))

    def __repr__(self) -> str:
        parts = [f"kind={self.kind!r}", f"message={self.message!r}"]
        if self.status_code is not None:
            parts.append(f"status_code={self.status_code}")
        if self.code is not None:
            parts.append(f"code={self.code!r}")
        if self.request_id is not None:
            parts.append(f"request_id={self.request_id!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _rebuild(cls: Type[WorkOSError], message: str, fields: Dict[str, Any]) -> WorkOSError:
    return cls(message, **fields)


# BEGIN generated from contract/errors.toml (classes): edit that file, then run scripts/generate-errors
class APIError(WorkOSError):
    """Any other non-2xx status, 408 and redirects included (redirects are never followed).

    Also the base class of BadRequestError, AuthenticationError, AuthorizationError, NotFoundError,
    ConflictError, UnprocessableEntityError, RateLimitExceededError, ServerError.
    """

    kind = "api"


class BadRequestError(APIError):
    """HTTP 400: the API refused the request as malformed."""

    kind = "bad_request"


class AuthenticationError(APIError):
    """HTTP 401: the API key is missing, wrong or revoked."""

    kind = "authentication"


class AuthorizationError(APIError):
    """HTTP 403: the API key may not do this."""

    kind = "authorization"


class NotFoundError(APIError):
    """HTTP 404: no such resource."""

    kind = "not_found"


class ConflictError(APIError):
    """HTTP 409: the request conflicts with the resource's current state."""

    kind = "conflict"


class UnprocessableEntityError(APIError):
    """HTTP 422: invalid parameters; the error's field errors name the fields at fault."""

    kind = "unprocessable_entity"


class RateLimitExceededError(APIError):
    """HTTP 429: too many requests; the error carries the server's Retry-After when it sent one."""

    kind = "rate_limited"


class ServerError(APIError):
    """HTTP 500 to 599: the server failed."""

    kind = "server"


class WorkOSConnectionError(WorkOSError):
    """The connection could not be made, or was lost before a full response arrived."""

    kind = "connection"


class WorkOSTimeoutError(WorkOSError):
    """No complete response within the per-attempt timeout."""

    kind = "timeout"


class InvalidResponseError(WorkOSError):
    """A response that is not what the API promises: a 2xx body that does not decode, a body over
    the size cap, a cursor already followed.
    """

    kind = "invalid_response"


class InvalidArgumentError(WorkOSError, ValueError):
    """An argument the API would refuse, caught before any request was sent."""

    kind = "invalid_argument"


class ConfigurationError(WorkOSError):
    """The client cannot make requests: no API key, or an unusable base URL."""

    kind = "configuration"
# END generated from contract/errors.toml (classes)


# BEGIN generated from contract/errors.toml (classes-by-kind): edit that file, then run scripts/generate-errors
#: The class of each kind; the native module raises through this table only.
CLASSES_BY_KIND: Dict[str, Type[WorkOSError]] = {
    "bad_request": BadRequestError,
    "authentication": AuthenticationError,
    "authorization": AuthorizationError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "unprocessable_entity": UnprocessableEntityError,
    "rate_limited": RateLimitExceededError,
    "server": ServerError,
    "api": APIError,
    "connection": WorkOSConnectionError,
    "timeout": WorkOSTimeoutError,
    "invalid_response": InvalidResponseError,
    "invalid_argument": InvalidArgumentError,
    "configuration": ConfigurationError,
}
# END generated from contract/errors.toml (classes-by-kind)
