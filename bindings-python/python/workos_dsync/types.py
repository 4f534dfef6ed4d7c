"""Types of the arguments of workos_dsync's methods."""

from __future__ import annotations

from typing import Dict, TypedDict

__all__ = ["RequestOptions"]


class RequestOptions(TypedDict, total=False):
    """Options for one call, as in the official SDK: ``request_options=`` of every
    ``directory_sync`` method. Each key given (and not ``None``) overrides the
    client's setting for that call only, and for every page ``auto_paging_iter()``
    fetches from the page it returned.

    - ``extra_headers``: more headers to send. ``Authorization``, ``User-Agent``,
      ``Content-Type``, ``Host``, ``Content-Length``, ``Transfer-Encoding``,
      ``Connection`` and ``Idempotency-Key`` are the client's own and raise
      :class:`~workos_dsync.InvalidArgumentError`, as does a name or value that
      cannot be sent in a header (a line break).
    - ``timeout``: seconds for each attempt, more than 0.
    - ``max_retries``: retries after a failed first attempt, 0 to 2**32 - 1.
    - ``idempotency_key``: sent as ``Idempotency-Key``.
    - ``base_url``: where this call goes (https, or http for a loopback host).

    Any other key, or a value of the wrong type, is a ``TypeError``.
    """

    extra_headers: Dict[str, str]
    timeout: float
    max_retries: int
    idempotency_key: str
    base_url: str
