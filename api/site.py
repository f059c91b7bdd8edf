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
from api.openapi import document_responses
from api.rendering import ORJSONRenderer


class BilateralAPI(NinjaAPI):
    """NinjaAPI with short operation ids and every response an operation can give documented."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_responses(schema)
        return schema


DESCRIPTION = """\
The curated record of relations between pairs of countries: agreements, events, metrics and
their observations, actors, and the articles every fact cites, with the sentence quoted where
the text is stored.

* **Lists** answer `{"count", "items"}`; `limit` (1–500, default 50) and `offset` page them,
  in a stable order (ties broken by id).
* **CSV**: every list streams the same rows as CSV with `?format=csv` or `Accept: text/csv`
  (every matching row unless `limit` is given).
* **Sync**: every record carries `created` and `updated`; lists accept `updated_since`, and
  `GET /api/deletions?since=` lists what was deleted.
* **Dates** come with a precision (`day`, `month`, `year`): a stored date is the first day of
  what the source said.
* **Caching**: reads carry `ETag` and `Last-Modified`; send `If-None-Match` to get `304`.
* **Errors** are `{"detail": ...}`; a 422 lists each bad field as `{"loc", "msg", "type"}`.
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
