"""WorkOS Directory Sync for Python, on the workos-dsync Rust core.

>>> from workos_dsync import WorkOSClient
>>> client = WorkOSClient(api_key="sk_test_...")          # doctest: +SKIP
>>> for d in client.directory_sync.list_directories().auto_paging_iter():  # doctest: +SKIP
...     print(d.id, d.name, d.state)
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
)

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
    "__version__",
]
