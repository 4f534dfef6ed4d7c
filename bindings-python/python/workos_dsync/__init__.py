"""WorkOS Directory Sync for Python, on the workos-dsync Rust core.

>>> from workos_dsync import WorkOSClient
>>> client = WorkOSClient(api_key="sk_test_...")          # doctest: +SKIP
>>> for d in client.directory_sync.list_directories().auto_paging_iter():  # doctest: +SKIP
...     print(d.id, d.name, d.state)
>>> client.directory_sync.get_directory(                    # doctest: +SKIP
...     "directory_01...", request_options={"timeout": 5, "extra_headers": {"X-Trace-Id": "t"}})

Every ``directory_sync`` method takes ``request_options=`` (:class:`RequestOptions`,
the official SDK's per-call options); ``get_directory`` and ``delete_directory``
take the id positionally, as ``id=`` or as ``id_=``.
"""

from workos_dsync._native import (
    AsyncDirectoryIterator,
    AsyncDirectorySync,
    AsyncPage,
    AsyncWorkOSClient,
    Directory,
    DirectoryIterator,
    DirectoryMetadata,
    DirectorySync,
    DirectoryUsersMetadata,
    ListMetadata,
    SyncPage,
    WorkOSClient,
    __version__,
)
from workos_dsync.errors import (
    # BEGIN generated from contract/errors.toml (import): edit that file, then run scripts/generate-errors
    APIError,
    AuthenticationError,
    AuthorizationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InvalidArgumentError,
    InvalidResponseError,
    NotFoundError,
    RateLimitExceededError,
    ServerError,
    UnprocessableEntityError,
    WorkOSConnectionError,
    WorkOSError,
    WorkOSTimeoutError,
    # END generated from contract/errors.toml (import)
)
from workos_dsync.types import RequestOptions

__all__ = [
    "WorkOSClient",
    "AsyncWorkOSClient",
    "DirectorySync",
    "AsyncDirectorySync",
    "SyncPage",
    "AsyncPage",
    "DirectoryIterator",
    "AsyncDirectoryIterator",
    "Directory",
    "DirectoryMetadata",
    "DirectoryUsersMetadata",
    "ListMetadata",
    "RequestOptions",
    # BEGIN generated from contract/errors.toml (all): edit that file, then run scripts/generate-errors
    "WorkOSError",
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
    "__version__",
]
