"""The seed's Python snippet, runnable: only the import is changed, and the
placeholder values come from the environment or from the previous call.

    cargo run -p workos-dsync-mock &        # prints "listening on http://127.0.0.1:PORT"
    WORKOS_API_KEY=sk_test_mock WORKOS_BASE_URL=http://127.0.0.1:PORT python examples/seed.py
"""

import asyncio
import os

from workos_dsync import AsyncWorkOSClient, WorkOSClient

API_KEY = os.environ.get("WORKOS_API_KEY", "sk_...")

client = WorkOSClient(api_key=API_KEY, client_id="client_...")  # base_url=, max_retries=, request_timeout=
page = client.directory_sync.list_directories(organization_id=None, search=None, domain=None,
                                              limit=None, before=None, after=None, order=None)
print("first page:", len(page.data), "directories; next cursor:", page.list_metadata.after)
first_id = page.data[0].id
d = client.directory_sync.get_directory(first_id)             # or get_directory(id_="...")
d = client.directory_sync.get_directory(id_=first_id)
print("got", d)
count = 0
for d in page.auto_paging_iter():                              # lazy, across pages
    count += 1
print("all:", count, "directories")
print("delete returns", client.directory_sync.delete_directory(first_id))  # returns None


async def main() -> None:
    # AsyncWorkOSClient: the same methods, awaitable; AsyncPage.auto_paging_iter() is an async iterator
    aclient = AsyncWorkOSClient(api_key=API_KEY, client_id="client_...")
    apage = await aclient.directory_sync.list_directories(limit=5)
    names = [d.name async for d in apage.auto_paging_iter()]
    print("async all:", len(names), "directories")


asyncio.run(main())
