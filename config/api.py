"""The NinjaAPI instance: every app's Router is mounted here, with one error shape.

Errors are always `{"detail": ...}`: a message for 401/403/404, and for 422 a list of
`{"loc": [source, field], "msg", "type"}`, one per bad parameter or field. Reads carry ETag,
Last-Modified and Cache-Control and answer `If-None-Match` with 304 (config/api_http.py).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import orjson
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.renderers import BaseRenderer

from articles.api import router as articles_router
from config.api_auth import read_auth
from config.api_http import conditional_read, orjson_dumps
from config.api_params import ErrorOut, ValidationErrorOut, error_item
from relations.api import ROUTERS
from relations.selectors.record_version import record_version, refresh_record_version

logger = logging.getLogger(__name__)


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson_dumps(data)


class BilateralAPI(NinjaAPI):
    """NinjaAPI with short operation ids and every response an operation can give documented."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_responses(schema)
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

for prefix, router in ROUTERS:
    api.add_router(prefix, router)
# Articles' router is mounted with the read authentication here: `articles` never imports
# `relations`, and the token check lives with the record.
api.add_router("articles", articles_router, auth=read_auth)

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


api.add_decorator(
    conditional_read(
        record_version=record_version,
        refresh_record_version=refresh_record_version,
        representation=_representation,
    ),
    mode="view",
)


# --- Errors ---------------------------------------------------------------------------------


def _location(loc) -> list:
    """`["body", "payload", "kind"]` -> `["body", "kind"]`: the same place a service names."""
    loc = list(loc)
    if loc[:2] == ["body", "payload"]:
        del loc[1]
    return loc


@api.exception_handler(RequestValidationError)
def request_validation_error(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
    detail = [
        error_item(
            _location(error.get("loc", ())),
            error.get("msg", "Invalid value."),
            error.get("type", "value_error"),
        )
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ModelValidationError)
def model_validation_error(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    """A service refused the data: each message under the field it concerns."""
    detail = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
            detail += [error_item(loc, message) for message in messages]
    else:
        detail = [error_item(["body"], message) for message in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unforeseen: logged with its traceback, answered in the one error shape."""
    logger.exception("Unhandled API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Server error"}, status=500)


# --- OpenAPI --------------------------------------------------------------------------------

_ERROR_SCHEMAS = {"ErrorOut": ErrorOut, "ValidationErrorOut": ValidationErrorOut}


def _error_response(description: str, name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def _document_responses(schema: dict) -> None:
    """Add what every operation may answer besides its success: CSV, 304, 401, 403, 404, 422."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in _ERROR_SCHEMAS.items():
        model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model_schema.pop("$defs", {}))
        components[name] = model_schema
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = {str(code): value for code, value in operation.get("responses", {}).items()}
            operation["responses"] = responses
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                # ninja copies the JSON Schema list of examples onto the parameter, where
                # OpenAPI wants a map of Example objects (the list stays in its schema).
                if isinstance(parameter.get("examples"), list):
                    parameter["examples"] = {
                        f"example{number}": {"value": value}
                        for number, value in enumerate(parameter["examples"], start=1)
                    }
            if any(parameter["name"] == "format" for parameter in parameters):
                success = responses.get("200", {}).setdefault("content", {})
                success["text/csv"] = {
                    "schema": {"type": "string", "description": "A header row, then one per item."}
                }
            responses["401"] = _error_response(
                "No valid API token (reads need one where the site requires it).", "ErrorOut"
            )
            if method == "get":
                responses["304"] = {"description": "Not modified since the ETag sent."}
                if operation.get("security"):
                    # Reads are public unless the site sets API_READ_REQUIRES_TOKEN: a token
                    # is optional, which OpenAPI writes as an empty requirement beside it.
                    operation["security"] = [*operation["security"], {}]
            else:
                responses["403"] = _error_response("The token's user lacks permission.", "ErrorOut")
            if "{" in path:
                responses["404"] = _error_response("No such record.", "ErrorOut")
            if parameters or "requestBody" in operation:
                responses["422"] = _error_response(
                    "Bad parameters or fields, each named.", "ValidationErrorOut"
                )
