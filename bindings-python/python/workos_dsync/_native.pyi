# Type stubs of the native module; `python -m mypy.stubtest workos_dsync` checks
# them against the built extension in CI.
from typing import Any, Dict, Generic, List, Optional, Awaitable, Iterator, AsyncIterator, TypeVar, final

from typing_extensions import Self

from workos_dsync.types import RequestOptions

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

# The sync and the asyncio classes share their methods; only the results differ
# (a value, or an awaitable of it). These private generic bases say each method
# once; they exist only in the stubs (stubtest checks the runtime classes'
# methods against them).

_IterT = TypeVar("_IterT")
_DirT = TypeVar("_DirT")
_PageT = TypeVar("_PageT")
_NoneT = TypeVar("_NoneT")

class _PageBase(Generic[_IterT]):
    @property
    def object(self) -> str: ...
    @property
    def data(self) -> List[Directory]: ...
    @property
    def list_metadata(self) -> ListMetadata: ...
    def auto_paging_iter(self) -> _IterT: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class SyncPage(_PageBase[DirectoryIterator]): ...

@final
class AsyncPage(_PageBase[AsyncDirectoryIterator]): ...

class _DirectorySyncBase(Generic[_DirT, _PageT, _NoneT]):
    def get_directory(
        self,
        id: Optional[str] = None,
        *,
        id_: Optional[str] = None,
        request_options: Optional[RequestOptions] = None,
    ) -> _DirT: ...
    def list_directories(
        self,
        organization_id: Optional[str] = None,
        search: Optional[str] = None,
        domain: Optional[str] = None,
        limit: Optional[int] = None,
        before: Optional[str] = None,
        after: Optional[str] = None,
        order: Optional[str] = None,
        *,
        request_options: Optional[RequestOptions] = None,
    ) -> _PageT: ...
    def delete_directory(
        self,
        id: Optional[str] = None,
        *,
        id_: Optional[str] = None,
        request_options: Optional[RequestOptions] = None,
    ) -> _NoneT: ...

@final
class DirectorySync(_DirectorySyncBase[Directory, SyncPage, None]): ...

@final
class AsyncDirectorySync(_DirectorySyncBase[Awaitable[Directory], Awaitable[AsyncPage], Awaitable[None]]): ...

_ApiT = TypeVar("_ApiT")

class _ClientBase(Generic[_ApiT]):
    def __new__(
        cls,
        api_key: Optional[str] = None,
        client_id: Optional[str] = None,
        base_url: Optional[str] = None,
        max_retries: Optional[int] = None,
        request_timeout: Optional[float] = None,
    ) -> Self: ...
    @property
    def directory_sync(self) -> _ApiT: ...

@final
class WorkOSClient(_ClientBase[DirectorySync]): ...

@final
class AsyncWorkOSClient(_ClientBase[AsyncDirectorySync]): ...
