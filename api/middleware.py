"""The edge of `/api/`: CSV paths, and every response in the API's one shape.

* `GET /api/<list>.csv` is the list with `format=csv`: which paths have a CSV twin is read
  from the OpenAPI document (api/openapi.py), so a new list gets one by taking `format`.
* Whatever answers under `/api/` without JSON, Django's 404 for an unknown path or a trailing
  slash, ninja's 405 for a method a path lacks, a CSRF or host refusal, is turned into
  `{"detail": ...}` with the same status and headers (`Allow` on 405).
* A query parameter the operation does not take is a 422 naming it (as an unknown body field
  is), so a misspelt filter never passes for one applied.
* A 401 says how to authenticate (`WWW-Authenticate: Bearer`); a 201 says where the record it
  created lives (`Location`: the collection's path and the new `id`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from importlib import import_module

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
CSV_SUFFIX = ".csv"
JSON_MEDIA_TYPE = "application/json"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")

_csv_patterns: list[re.Pattern] | None = None
_query_parameters: list[tuple[re.Pattern, dict[str, frozenset[str]]]] = []


def _csv_paths() -> list[re.Pattern]:
    global _csv_patterns
    if _csv_patterns is None:
        from api.openapi import csv_path_patterns, query_parameters
        from api.site import api

        # This runs before URL resolution: load the URL configuration, which mounts the routers.
        import_module(settings.ROOT_URLCONF)
        schema = api.get_openapi_schema(path_prefix=API_PREFIX)
        _query_parameters[:] = query_parameters(schema)
        _csv_patterns = csv_path_patterns(schema, API_PREFIX)
    return _csv_patterns


def _unknown_query_parameters(request: HttpRequest) -> list[str]:
    """Query parameters the operation does not take: a typo ("realtionship") is refused, not
    ignored into a page that looks filtered."""
    _csv_paths()
    for pattern, methods in _query_parameters:
        if pattern.match(request.path):
            allowed = methods.get(request.method)
            if allowed is None:
                return []  # no such operation: ninja answers 405
            return sorted(name for name in request.GET if name not in allowed)
    return []


def _refuse_unknown(names: list[str]) -> JsonResponse:
    detail = [
        {"loc": ["query", name], "msg": "Unknown parameter.", "type": "extra_forbidden"}
        for name in names
    ]
    return JsonResponse({"detail": detail}, status=422)


def _as_csv_list(request: HttpRequest) -> None:
    """Serve `<list>.csv` as `<list>?format=csv` (an explicit `format` is overridden)."""
    request.path = request.path.removesuffix(CSV_SUFFIX)
    request.path_info = request.path_info.removesuffix(CSV_SUFFIX)
    query = request.GET.copy()
    query["format"] = "csv"
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _detail(response: HttpResponse) -> str:
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return response.reason_phrase or "Error"


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(JSON_MEDIA_TYPE)


def _location(request: HttpRequest, response: HttpResponse) -> str | None:
    try:
        created = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(created, dict) or "id" not in created:
        return None
    return request.build_absolute_uri(f"{request.path.rstrip('/')}/{created['id']}")


class ApiEdgeMiddleware:
    """CSV twins of the lists, JSON errors, `WWW-Authenticate` and `Location`, under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if (
            request.path.endswith(CSV_SUFFIX)
            and request.method in ("GET", "HEAD")
            and any(pattern.match(request.path) for pattern in _csv_paths())
        ):
            _as_csv_list(request)
        unknown = _unknown_query_parameters(request) if request.GET else []
        response = _refuse_unknown(unknown) if unknown else self.get_response(request)
        status = response.status_code
        if status >= 400 and not _is_json(response):
            replaced = JsonResponse({"detail": _detail(response)}, status=status)
            for header in KEPT_HEADERS:
                if header in response:
                    replaced[header] = response[header]
            response = replaced
        if status == 401 and "WWW-Authenticate" not in response:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        if status == 201 and "Location" not in response and not response.streaming:
            location = _location(request, response)
            if location is not None:
                response["Location"] = location
        return response
