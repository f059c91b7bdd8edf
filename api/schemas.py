"""`OutSchema`, the base of every response schema, and `Page`, the base of every list's page.

ninja's `Schema` validates a Django object by wrapping it in a `DjangoGetter`, which pydantic
asks for each field in turn; every access looks for a resolver, then converts the value. A
page of 50 agreements with their parties and citations asks that about 3,000 times, and it
was a third of the list's time. `OutSchema` is a plain pydantic model instead, built only on
pydantic's public hooks: it reads each object once into a dict of its fields (resolvers
first, then attributes; managers and querysets become lists, callables are called, as in
ninja) and hands pydantic that dict, which it validates in Rust. Resolvers are written as in
ninja, `@staticmethod def resolve_<field>(obj)`, or `resolve_<field> = resolve_from(path)`; the documented schema and the output are
the same as with ninja's `Schema`.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

from django.db.models import Manager, QuerySet
from ninja import Field
from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    create_model,
    model_validator,
)

_MISSING = object()
RESOLVER_PREFIX = "resolve_"


def _plain(value: Any) -> Any:
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if callable(value):
        return value()
    return value


class OutSchema(BaseModel):
    """A response schema read from a Django object (or a dict) in one pass."""

    model_config = ConfigDict(from_attributes=True)
    # (field, its resolver or None), worked out once per class.
    readers: ClassVar[tuple[tuple[str, Callable | None], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.readers = tuple(
            (name, getattr(cls, f"{RESOLVER_PREFIX}{name}", None)) for name in cls.model_fields
        )

    @model_validator(mode="wrap")
    @classmethod
    def _read_object_once(cls, values: Any, handler: ModelWrapValidatorHandler) -> Any:
        if isinstance(values, dict | BaseModel):
            return handler(values)
        return handler(cls.fields_of(values))

    @classmethod
    def fields_of(cls, obj: Any) -> dict[str, Any]:
        """The fields of `obj` this schema shows, as plain values for pydantic."""
        row = {}
        for name, resolver in cls.readers:
            if resolver is not None:
                row[name] = _plain(resolver(obj))
                continue
            value = getattr(obj, name, _MISSING)
            if value is not _MISSING:  # else pydantic reports it missing, or uses its default
                row[name] = _plain(value)
        return row


def resolve_from(path: str) -> staticmethod:
    """A resolver reading the dotted attribute `path`: `resolve_source = resolve_from("a.b")`."""
    return staticmethod(attrgetter(path))


class Page(OutSchema):
    count: int = Field(description="How many rows match the filters, across all pages.")


def page_of(item: type[OutSchema], name: str) -> type[Page]:
    """The page schema `name`: the count and a page of `item`s."""
    items = (list[item], Field(description="The rows of this page, in order."))
    return create_model(name, __base__=Page, __module__=item.__module__, items=items)
