"""Pages cached by the record's version, as the API's reads are (api/caching.py).

The record changes rarely, and every write bumps its version (api/record_version.py), so a
page is the same for every anonymous reader until the next write (signed-in curators, who see
pending material marked, are served fresh pages). Each page answers with an ETag made
of the version and its full path, and the record's Last-Modified date: a matching
`If-None-Match` (or an `If-Modified-Since` not older) is a 304 before any rendering, through
Django's own `get_conditional_response`. The rendered body is kept in Django's cache under the
same version: a write makes new keys, so nothing is ever invalidated, and a hit costs a cache
read. `PAGE_CACHE = False` turns the body cache off (the ETags stay).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date

from api.caching import last_modified_header
from api.record_version import record_version

# Changes with what shapes a page beyond the record (bump it when the templates change in a
# way a reader must not miss until the next write).
PAGE_REPRESENTATION = "pages-1"
PAGE_CACHE_SECONDS = 24 * 3600


def request_record_version(request: HttpRequest) -> int:
    """The record's version, read once per request (the citations on a page reuse it)."""
    version = getattr(request, "record_version", None)
    if version is None:
        version = request.record_version = record_version()
    return version


def _digest(*parts: object) -> str:
    text = "\x1f".join(map(str, parts)).encode()
    return hashlib.blake2b(text, digest_size=12).hexdigest()


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", True))


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page view answered by ETag/Last-Modified (304) and from the version-keyed cache."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            # Curators see what the public does not (pending facts, marked): never from the
            # shared cache, and never kept by another's.
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        version = request_record_version(request)
        path = request.get_full_path()
        etag = f'"{_digest(PAGE_REPRESENTATION, version, path)}"'
        last_modified = last_modified_header(version)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=parse_http_date(last_modified)
        )
        if not_modified is not None:
            _validators(not_modified, etag, last_modified)
            return not_modified
        key = f"page:{version}:{_digest(PAGE_REPRESENTATION, path)}"
        held = cache.get(key) if page_cache_enabled() else None
        if held is not None:
            content, content_type = held
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if page_cache_enabled():
                cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
        _validators(response, etag, last_modified)
        return response

    return wrapper


def _validators(response: HttpResponse, etag: str, last_modified: str) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    # Shared caches may keep it, but must ask again (a 304 is cheap) before reusing it, and
    # keep a signed-in reader's apart.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
