"""The API's one error shape, `{"detail": ...}`: its schemas and the exception handlers.

A message for 401/403/404/413/500/503, and for 422 a list of `{"loc": [source, field], "msg",
"type"}`, one per bad parameter or field, whether ninja or a service found it. `server_error`
is the site's handler500: an unreachable database is a 503 there too, for pages and the API.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError

logger = logging.getLogger(__name__)

# What Django raises when PostgreSQL is down, restarting or unreachable: worth a retry.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
UNAVAILABLE_DETAIL = "The database is unavailable; try again shortly."
# Seconds a client should wait before retrying: a database restart takes about this long.
RETRY_AFTER_SECONDS = 5
TOO_BIG_DETAIL = "The request body is too large."


class ErrorItem(Schema):
    loc: list[str | int] = Field(
        description="Where the bad value is: source (query, path, body) then field name.",
        examples=[["query", "limit"]],
    )
    msg: str = Field(description="What is wrong with it.", examples=["must be at most 500"])
    type: str = Field(description="A stable error code.", examples=["less_than_equal"])


class ValidationErrorOut(Schema):
    detail: list[ErrorItem] = Field(description="One entry per bad field or parameter.")


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong.", examples=["Not Found"])


def error_item(loc: list[Any], msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {
        "loc": [str(part) if not isinstance(part, int) else part for part in loc],
        "msg": msg,
        "type": type_,
    }


def _location(loc) -> list:
    """`["body", "payload", "kind"]` -> `["body", "kind"]`: the same place a service names."""
    loc = list(loc)
    if loc[:2] == ["body", "payload"]:
        del loc[1]
    return loc


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error `api` meets in the one shape."""

    @api.exception_handler(RequestValidationError)
    def request_validation_error(request: HttpRequest, exc: RequestValidationError):
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

    @api.exception_handler(RequestDataTooBig)
    def request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(request, {"detail": TOO_BIG_DETAIL}, status=413)

    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        response = api.create_response(request, {"detail": UNAVAILABLE_DETAIL}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for unavailable in DATABASE_UNAVAILABLE:
        api.add_exception_handler(unavailable, database_unavailable)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        """Anything unforeseen: logged with its traceback, answered in the one error shape."""
        logger.exception("Unhandled API error on %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(request, {"detail": "Server error"}, status=500)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 with Retry-After when the database is unreachable, else the 500 page."""
    if not isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return default_server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE_DETAIL}, status=503)
    else:
        # Rendered without a context or base.html: both may need the database that is down.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
