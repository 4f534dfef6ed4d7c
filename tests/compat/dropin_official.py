"""A short program written for the official WorkOS Python SDK (PyPI `workos`
10.8.0), as its users write it. tests/compat/test_official_python.py runs it
as it is; bindings-python/tests/test_dropin.py changes only its import line to
`workos_dsync` and runs it again: both against the mock, with the directories
of dropin_official_python.json, and both must print that file's `stdout`.

It prints only what both packages show alike: ids, names, counts, to_dict()
of a directory whose every field is set, error classes and statuses (not
reprs, nor the error messages' wording).
"""

import json
import os

from workos import AuthenticationError, NotFoundError, RequestOptions, WorkOSClient

API_KEY = os.environ["WORKOS_API_KEY"]
BASE_URL = os.environ["WORKOS_BASE_URL"]

client = WorkOSClient(api_key=API_KEY, base_url=BASE_URL, max_retries=2)

acme = client.directory_sync.get_directory("directory_01DROPIN00000000000000001")
print("get:", acme.id, acme.name, acme.organization_id)
again = client.directory_sync.get_directory(id="directory_01DROPIN00000000000000001")
print("get id=:", again.id == acme.id, again.name)

options: RequestOptions = {
    "extra_headers": {"X-Trace-Id": "dropin-walk"},
    "timeout": 10.0,
    "max_retries": 1,
}
page = client.directory_sync.list_directories(
    organization_id="org_01DROPIN", limit=2, order="asc", request_options=options
)
print("page:", [d.id for d in page.data], page.list_metadata.after)
print("all:", [d.name for d in page.auto_paging_iter()])

print("to_dict:", json.dumps(acme.to_dict(), sort_keys=True))

client.directory_sync.delete_directory(
    "directory_01DROPIN00000000000000003",
    request_options={"idempotency_key": "dropin-delete-3"},
)
try:
    client.directory_sync.get_directory(id="directory_01DROPIN00000000000000003")
    print("still there")
except NotFoundError as e:
    print("deleted:", type(e).__name__, e.status_code, e.code, e.message)

wrong = WorkOSClient(api_key="sk_test_not_the_key", base_url=BASE_URL, max_retries=0)
try:
    wrong.directory_sync.list_directories(limit=1)
    print("accepted a wrong key")
except AuthenticationError as e:
    print("wrong key:", type(e).__name__, e.status_code, e.code, e.message)
