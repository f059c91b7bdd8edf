"""JSON for the API through orjson: decimals as numbers, as the documented schema says."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer


def orjson_dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_orjson_default)


def _orjson_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson_dumps(data)
