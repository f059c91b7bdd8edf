"""The NinjaAPI instance: one error shape, orjson, conditional reads; config mounts the routers.

Reads carry ETag, Last-Modified and Cache-Control and answer `If-None-Match` with 304
(api/caching.py); errors are `{"detail": ...}` (api/errors.py).
"""

from __future__ import annotations

import hashlib

import orjson
from ninja import NinjaAPI

from api.caching import conditional_read
from api.errors import install_error_handlers
from api.openapi import DocumentedSchema, document
from api.rendering import ORJSONRenderer


class BilateralAPI(NinjaAPI):
    """NinjaAPI with short operation ids and every response an operation can give documented."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return document(DocumentedSchema(self, path_prefix))


DESCRIPTION = """\
The curated record of relations between pairs of countries: agreements, events, metrics and
their observations, actors, and the articles every fact cites, with the sentence quoted where
the text is stored.

* **Lists** answer `{"count", "items"}`; `limit` (1–500, default 50) and `offset` page them,
  in a stable order (ties broken by id).
* **CSV**: every list streams the same rows as CSV at its path plus `.csv`
  (`/api/agreements.csv?kind=treaty`), with the list's filters; every matching row unless
  `limit` is given. `?format=csv` and `Accept: text/csv` on the list itself do the same.
* **Sync**: every record carries `created` and `updated`; lists accept `updated_since`, and
  `GET /api/deletions?since=` lists what was deleted.
* **Dates** come with a precision (`day`, `month`, `year`): a stored date is the first day of
  what the source said.
* **Caching**: reads carry `ETag` and `Last-Modified`, per family of resources (a write to
  events leaves the agreements' validators alone); send `If-None-Match` or
  `If-Modified-Since` to get `304`.
* **Errors**: every response under `/api/` that is not a success is JSON `{"detail": ...}`,
  unknown paths and methods included; a 422 lists each bad field as `{"loc", "msg", "type"}`,
  unknown body fields and filters naming nothing included.
* **Writes** need `Authorization: Bearer <token>` from a user with the model permission.
"""

api = BilateralAPI(
    title="Bilateral API",
    version="1",
    description=DESCRIPTION,
    renderer=ORJSONRenderer(),
)
install_error_handlers(api)

_representation_digest: str | None = None


def _representation() -> str:
    """A digest of the API's schema: a deploy that changes the output changes every ETag."""
    global _representation_digest
    if _representation_digest is None:
        schema = api.get_openapi_schema(path_prefix="/")
        _representation_digest = hashlib.blake2b(
            orjson.dumps(schema, option=orjson.OPT_SORT_KEYS), digest_size=8
        ).hexdigest()
    return _representation_digest


api.add_decorator(conditional_read(representation=_representation), mode="view")
