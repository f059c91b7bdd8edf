"""HTTP behaviour of the API's reads: conditional GET, caching headers, a response cache.

Every read carries an ETag, a digest of its body (a streamed CSV's: the record's version and
the path), and a Last-Modified, the latest change of its family of resources, so a client's
cache of the agreements survives a write to the events. `If-None-Match` and
`If-Modified-Since` are answered 304. Rendered responses are kept in a small in-process LRU
keyed by the record's version (bumped by PostgreSQL triggers on every write, admin edits
included), the path with its query and the representation: a write changes the version, so
nothing stale is ever served and nothing needs invalidating. `API_RESPONSE_CACHE = False`
turns the cache off (the bench measures both).

Why not Django's `condition()` and cache framework: both would give the same 304s, but the
bench's figures need what they cannot do. The cache key is known before the handler runs
(from the version held in memory, api/record_version.py), so a cached body is served by
`ApiResponseCacheMiddleware` before URL routing and ninja, at no query; Django's cache
middleware keys on headers it learns only from a response and stores pickled responses,
which cost more per hit than these bytes; and a version-keyed LRU never needs invalidating.
Domain apps name the tables whose newest change is the Last-Modified date with
`register_change_column` (from their AppConfig.ready()), and config the tables each family
reads with `register_resource_family`: this module knows no table of theirs.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from api.csv import wants_csv
from api.record_version import record_version, refresh_record_version

# --- The response cache ---------------------------------------------------------------------


@dataclass(frozen=True)
class CachedResponse:
    content: bytes
    content_type: str
    etag: str
    last_modified: str


class ResponseCache:
    """A thread-safe LRU of rendered responses, bounded in entries and in bytes."""

    def __init__(self, *, max_entries: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, CachedResponse] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._paths: Counter[str] = Counter()  # entries per path, query string aside
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple) -> CachedResponse | None:
        with self._lock:
            if self._version is not None and key[0] < self._version:
                # The version went back (a restored database): what is held may be stale.
                self._forget_all()
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, entry: CachedResponse) -> None:
        size = len(entry.content)
        if size > self.max_bytes // 8:
            return  # one huge page must not push out everything else
        version = key[0]
        with self._lock:
            if self._version is None or version > self._version:
                # Entries of older versions can never be asked for again.
                self._forget_all()
                self._version = version
            elif version < self._version:
                return
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.content)
            else:
                self._paths[_path_of(key)] += 1
            self._entries[key] = entry
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                evicted_key, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.content)
                self._paths[_path_of(evicted_key)] -= 1
                if not self._paths[_path_of(evicted_key)]:
                    del self._paths[_path_of(evicted_key)]

    def holds_path(self, path: str) -> bool:
        """Whether any entry is for `path` (query string aside): no need to look further."""
        return path in self._paths

    def clear(self) -> None:
        with self._lock:
            self._forget_all()
            self.hits = self.misses = 0

    def _forget_all(self) -> None:
        self._entries.clear()
        self._paths.clear()
        self._bytes = 0
        self._version = None

    def __len__(self) -> int:
        return len(self._entries)


def _path_of(key: tuple) -> str:
    """The path of a cache key `(version, full path, variant)`, without its query string."""
    return key[1].partition("?")[0]


response_cache = ResponseCache()


def reset_http_caches() -> None:
    """Forget every cached response and Last-Modified (tests; a restored database)."""
    response_cache.clear()
    with _last_change_lock:
        _last_change.clear()


def response_cache_enabled() -> bool:
    return bool(getattr(settings, "API_RESPONSE_CACHE", True))


# --- Last-Modified, per family of resources ---------------------------------------------------

# The newest change of each table, as (table, timestamp column) pairs the apps register, each
# column indexed. A family of resources (the first path segment under /api/: "agreements",
# "events"...) names the tables its representation reads (`register_resource_family`), so its
# Last-Modified moves only when they change; tombstones count for every family (a deletion
# leaves no newer `updated` behind). A path of no registered family counts every table.
_change_columns: dict[str, str] = {}
_families: dict[str, frozenset[str]] = {}
_last_change_sql: dict[str | None, str] = {}
# Tables whose change times count for every family: their rows are written by deletions.
_every_family_tables: set[str] = set()


def register_change_column(
    model: type[Model], field: str = "updated", *, every_family: bool = False
) -> None:
    """Count `model.field` (a timestamp, indexed) in the Last-Modified of the families reading it.

    `every_family`: count it for every family (the tombstones of deletions).
    """
    table = model._meta.db_table
    _change_columns[table] = model._meta.get_field(field).column
    if every_family:
        _every_family_tables.add(table)
    _last_change_sql.clear()


def register_updated_columns(app_config: AppConfig) -> None:
    """Count the `updated` column of every model of the app that has one."""
    for model in app_config.get_models():
        if any(field.name == "updated" for field in model._meta.concrete_fields):
            register_change_column(model, "updated")


def register_resource_family(prefix: str, *models: type[Model]) -> None:
    """The resources under `/api/<prefix>` read `models`' tables (and only those)."""
    _families[prefix] = frozenset(model._meta.db_table for model in models)
    _last_change_sql.clear()


def resource_family(path: str) -> str | None:
    """The registered family of an API path (`/api/agreements/3` -> "agreements"), else None."""
    segment = path.removeprefix("/api/").partition("/")[0].partition("?")[0]
    segment = segment.removesuffix(".csv")
    return segment if segment in _families else None


def _last_change_query(family: str | None) -> str:
    sql = _last_change_sql.get(family)
    if sql is None:
        tables = _families[family] | _every_family_tables if family else set(_change_columns)
        columns = [(table, column) for table, column in _change_columns.items() if table in tables]
        sql = _last_change_sql[family] = (
            "SELECT GREATEST("
            + ", ".join(f"(SELECT max({column}) FROM {table})" for table, column in columns)
            + ")"
        )
    return sql


_last_change: dict[tuple[int, str | None], str] = {}
_last_change_lock = threading.Lock()


def last_modified_header(version: int, family: str | None = None) -> str:
    """The HTTP date of the family's latest change (the record's without one), at `version`."""
    key = (version, family)
    with _last_change_lock:
        cached = _last_change.get(key)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_last_change_query(family))
        latest = cursor.fetchone()[0]
    if latest is None and family is not None:
        # A family with no rows yet: its state is as old as the record's latest change.
        return last_modified_header(version)
    value = http_date(latest.timestamp() if latest else 0)
    with _last_change_lock:
        if any(known != version for known, _ in _last_change):
            _last_change.clear()
        _last_change[key] = value
    return value


# --- Conditional GET ------------------------------------------------------------------------


def _etag(*parts: object) -> str:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=12)
    return f'"{digest.hexdigest()}"'


def _body_etag(content: bytes, variant: str) -> str:
    """The ETag of a rendered body: equal bodies, equal tags, whatever was written elsewhere."""
    digest = hashlib.blake2b(content, digest_size=12, person=variant.encode()[:16])
    return f'"{digest.hexdigest()}"'


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    candidates = parse_etags(header)
    return "*" in candidates or etag in candidates or f"W/{etag}" in candidates


def _not_modified_since(request: HttpRequest, last_modified: str) -> bool:
    """`If-Modified-Since` at or after `last_modified` (ignored beside `If-None-Match`)."""
    if "If-None-Match" in request.headers:
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    modified = parse_http_date_safe(last_modified)
    return since is not None and modified is not None and modified <= since


def _fresh(request: HttpRequest, etag: str, last_modified: str) -> bool:
    return _etag_matches(request, etag) or _not_modified_since(request, last_modified)


def _cache_control(token_only: bool) -> str:
    if token_only:
        return "private, no-cache"
    max_age = int(getattr(settings, "API_CACHE_MAX_AGE", 60))
    return f"public, max-age={max_age}"


def _not_modified(etag: str, last_modified: str, token_only: bool) -> HttpResponse:
    response = HttpResponse(status=304)
    _set_validators(response, etag, last_modified, token_only)
    return response


def _set_validators(
    response: HttpResponse, etag: str, last_modified: str, token_only: bool
) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = _cache_control(token_only)
    response["Vary"] = "Accept, Authorization"


def _read_context(request: HttpRequest) -> tuple[bool, bool]:
    """(token_only, may_answer_early) for a read.

    A read may be answered before the handler only when the handler's authentication cannot
    refuse it: public reads and no credentials to check.
    """
    token_only = bool(getattr(settings, "API_READ_REQUIRES_TOKEN", False))
    return token_only, not token_only and "Authorization" not in request.headers


def _from_cache(request: HttpRequest, key: tuple, token_only: bool) -> HttpResponse | None:
    cached = response_cache.get(key)
    if cached is None:
        return None
    if _fresh(request, cached.etag, cached.last_modified):
        return _not_modified(cached.etag, cached.last_modified, token_only)
    response = HttpResponse(cached.content, content_type=cached.content_type)
    _set_validators(response, cached.etag, cached.last_modified, token_only)
    return response


class ApiResponseCacheMiddleware:
    """Answers public API reads held in the response cache before URL routing and ninja.

    A hit costs no query where the process follows the record's version through
    LISTEN/NOTIFY (api/record_version.py): a dict lookup and the bytes.
    Entries are only ever put there by `conditional_read`, which runs inside the operation,
    so this never answers what the API itself would not have answered the same way.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and response_cache_enabled():
            full_path = request.get_full_path()
            token_only, may_answer_early = _read_context(request)
            if may_answer_early and response_cache.holds_path(full_path.partition("?")[0]):
                # The operation reuses this version: the whole request sees one.
                request.record_version = version = record_version()
                variant = "csv" if wants_csv(request) else "json"
                cached = _from_cache(request, (version, full_path, variant), token_only)
                if cached is not None:
                    return cached
        return self.get_response(request)


def conditional_read(*, representation: Callable[[], str]) -> Callable:
    """An operation decorator (ninja "view" mode): ETag, 304, caching headers, response cache.

    The ETag of a JSON body is a digest of the body itself, so a write elsewhere in the record
    leaves it alone; a streamed CSV's is the record's version, the path and `representation`
    (the API's schema: a deploy that changes the output changes it too). Last-Modified is the
    latest change of the path's family (`register_resource_family`). After this process's own
    writes the version is read from the database at once, so the next read sees them.
    """

    def decorator(run: Callable) -> Callable:
        @wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
            if request.method not in ("GET", "HEAD"):
                response = run(request, *args, **kwargs)
                if response.status_code < 400:
                    refresh_record_version()
                return response
            token_only, may_answer_early = _read_context(request)
            version = getattr(request, "record_version", None)
            if version is None:
                version = record_version()
            variant = "csv" if wants_csv(request) else "json"
            path = request.get_full_path()
            key = (version, path, variant)
            use_cache = response_cache_enabled()
            family = resource_family(request.path)

            if may_answer_early and use_cache:
                cached = _from_cache(request, key, token_only)
                if cached is not None:
                    return cached

            response = run(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            last_modified = last_modified_header(version, family)
            if response.streaming:
                etag = _etag(representation(), version, path, variant)
            else:
                etag = _body_etag(response.content, variant)
            if _fresh(request, etag, last_modified):
                return _not_modified(etag, last_modified, token_only)
            _set_validators(response, etag, last_modified, token_only)
            if use_cache and not response.streaming:
                response_cache.put(
                    key,
                    CachedResponse(
                        content=response.content,
                        content_type=response["Content-Type"],
                        etag=etag,
                        last_modified=last_modified,
                    ),
                )
            return response

        return wrapper

    return decorator
