# Type stubs of the native module; `python -m mypy.stubtest workos_dsync` checks
# them against the built extension in CI.
from typing import Any, Dict, List, Optional, Awaitable, Iterator, AsyncIterator, final

__all__ = [
    "__version__",
    "ERROR_KINDS",
    "Directory",
    "DirectoryMetadata",
    "DirectoryUsersMetadata",
    "ListMetadata",
    "WorkOSClient",
    "DirectorySync",
    "SyncPage",
    "DirectoryIterator",
    "AsyncWorkOSClient",
    "AsyncDirectorySync",
    "AsyncPage",
    "AsyncDirectoryIterator",
    "in_flight_calls",
]

__version__: str
ERROR_KINDS: List[str]

def in_flight_calls() -> int:
    """Calls started in this process and not yet finished or aborted (for leak checks in tests)."""

@final
class DirectoryUsersMetadata:
    @property
    def active(self) -> int: ...
    @property
    def inactive(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class DirectoryMetadata:
    @property
    def users(self) -> DirectoryUsersMetadata: ...
    @property
    def groups(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Directory:
    # BEGIN generated from core/src/models.rs (directory-fields): edit that file, then run scripts/generate-models
    @property
    def object(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def organization_id(self) -> str: ...
    @property
    def external_key(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def domain(self) -> Optional[str]: ...
    @property
    def metadata(self) -> Optional[DirectoryMetadata]: ...
    @property
    def created_at(self) -> str: ...
    @property
    def updated_at(self) -> str: ...
    # END generated from core/src/models.rs (directory-fields)
    def to_dict(self) -> Dict[str, Any]: ...

@final
class ListMetadata:
    @property
    def before(self) -> Optional[str]: ...
    @property
    def after(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Optional[str]]: ...

@final
class DirectoryIterator(Iterator[Directory]):
    def __iter__(self) -> DirectoryIterator: ...
    def __next__(self) -> Directory: ...

@final
class AsyncDirectoryIterator(AsyncIterator[Directory]):
    def __aiter__(self) -> AsyncDirectoryIterator: ...
    def __anext__(self) -> Awaitable[Directory]: ...

@final
class SyncPage:
    @property
    def object(self) -> str: ...
    @property
    def data(self) -> List[Directory]: ...
    @property
    def list_metadata(self) -> ListMetadata: ...
    def auto_paging_iter(self) -> DirectoryIterator: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class AsyncPage:
    @property
    def object(self) -> str: ...
    @property
    def data(self) -> List[Directory]: ...
    @property
    def list_metadata(self) -> ListMetadata: ...
    def auto_paging_iter(self) -> AsyncDirectoryIterator: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class DirectorySync:
    def get_directory(self, id_: str) -> Directory: ...
    def list_directories(
        self,
        organization_id: Optional[str] = None,
        search: Optional[str] = None,
        domain: Optional[str] = None,
        limit: Optional[int] = None,
        before: Optional[str] = None,
        after: Optional[str] = None,
        order: Optional[str] = None,
    ) -> SyncPage: ...
    def delete_directory(self, id_: str) -> None: ...

@final
class AsyncDirectorySync:
    def get_directory(self, id_: str) -> Awaitable[Directory]: ...
    def list_directories(
        self,
        organization_id: Optional[str] = None,
        search: Optional[str] = None,
        domain: Optional[str] = None,
        limit: Optional[int] = None,
        before: Optional[str] = None,
        after: Optional[str] = None,
        order: Optional[str] = None,
    ) -> Awaitable[AsyncPage]: ...
    def delete_directory(self, id_: str) -> Awaitable[None]: ...

@final
class WorkOSClient:
    def __new__(
        cls,
        api_key: Optional[str] = None,
        client_id: Optional[str] = None,
        base_url: Optional[str] = None,
        max_retries: Optional[int] = None,
        request_timeout: Optional[float] = None,
    ) -> WorkOSClient: ...
    @property
    def directory_sync(self) -> DirectorySync: ...

@final
class AsyncWorkOSClient:
    def __new__(
        cls,
        api_key: Optional[str] = None,
        client_id: Optional[str] = None,
        base_url: Optional[str] = None,
        max_retries: Optional[int] = None,
        request_timeout: Optional[float] = None,
    ) -> AsyncWorkOSClient: ...
    @property
    def directory_sync(self) -> AsyncDirectorySync: ...
