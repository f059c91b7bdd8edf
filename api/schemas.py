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

import copy
from collections.abc import Callable, Iterable
from operator import attrgetter
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from django.db.models import Manager, QuerySet
from ninja import Field, Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    WithJsonSchema,
    create_model,
    model_validator,
)

_MISSING = object()
RESOLVER_PREFIX = "resolve_"
PRECISION_SUFFIX = "_precision"


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
    # (`<date>_precision`, `<date>`): a date not known has no precision either.
    precisions: ClassVar[tuple[tuple[str, str], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.readers = tuple(
            (name, getattr(cls, f"{RESOLVER_PREFIX}{name}", None)) for name in cls.model_fields
        )
        cls.precisions = tuple(
            (name, name.removesuffix(PRECISION_SUFFIX))
            for name in cls.model_fields
            if name.endswith(PRECISION_SUFFIX)
            and name.removesuffix(PRECISION_SUFFIX) in cls.model_fields
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
        for precision, date in cls.precisions:
            if row.get(date) is None:
                row[precision] = None
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


# --- Inputs -----------------------------------------------------------------------------------


class InSchema(Schema):
    """The base of every request body: a field the schema does not know is a 422 naming it.

    Silently dropping it would let a client's typo ("sumary") pass for a write that took.
    """

    model_config = ConfigDict(extra="forbid")


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def patch_of(schema: type[InSchema], *, keep_required_values: tuple[str, ...] = ()) -> type:
    """`schema` for PATCH, `<Name>Patch`: every field optional, absent meaning "unchanged".

    A field takes null only where `schema` itself does, where null clears the value (a date,
    a link to another record, an override); `keep_required_values` names nullable fields of
    `schema` whose null means "the default" on create, not "clear" (null refused here). Dump
    the payload with `exclude_unset=True`.
    """
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        if name in keep_required_values:
            annotation = _not_none(annotation)
        patched = copy.copy(info)
        patched.default = None
        patched.default_factory = None
        patched.json_schema_extra = _without_default
        fields[name] = (annotation, patched)
    return create_model(
        f"{schema.__name__}Patch", __base__=InSchema, __module__=schema.__module__, **fields
    )


def _not_none(annotation: Any) -> Any:
    arguments = [argument for argument in get_args(annotation) if argument is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and arguments:
        return Union[tuple(arguments)] if len(arguments) > 1 else arguments[0]  # noqa: UP007
    return annotation


# --- Named components -------------------------------------------------------------------------

# Enumerations and shared field types, each one component of the OpenAPI document that every
# input and output using it refers to (api/openapi.py): a generated client then has one class
# per enumeration, not one per field. name -> (values, description) for enumerations, which
# apps may extend (`extend_enum`); name -> JSON Schema for the other shared types.
ENUMS: dict[str, tuple[tuple[str, ...], str]] = {}
NAMED_TYPES: dict[str, dict[str, Any]] = {}
COMPONENT_KEY = "x-component"


def component_reference(name: str) -> dict[str, Any]:
    """JSON Schema standing for the named component `name` until the document refers to it."""
    return {COMPONENT_KEY: name}


def named_enum(name: str, values: Iterable[str], description: str) -> Any:
    """A string enumeration with a name, shared by every schema that uses the returned type."""
    values = tuple(values)
    known = ENUMS.get(name)
    if known is not None and known[0] != values:
        raise ValueError(f"the enumeration {name} is already defined with other values")
    ENUMS[name] = (values, description)
    return Annotated[Literal[values], WithJsonSchema(component_reference(name))]


def extend_enum(name: str, values: Iterable[str], description: str = "") -> None:
    """Add values to the enumeration `name` (created when new): apps name their own kinds."""
    known, known_description = ENUMS.get(name, ((), description))
    ENUMS[name] = (tuple(dict.fromkeys([*known, *values])), known_description or description)


def named_type(name: str, annotation: Any, json_schema: dict[str, Any]) -> Any:
    """`annotation`, documented once as the component `name` (`json_schema`)."""
    NAMED_TYPES[name] = json_schema
    return Annotated[annotation, WithJsonSchema(component_reference(name))]


def enum_components() -> dict[str, dict[str, Any]]:
    """Every named enumeration and shared type as OpenAPI components."""
    components = {
        name: {"type": "string", "enum": list(values), "description": description}
        for name, (values, description) in ENUMS.items()
    }
    components.update(NAMED_TYPES)
    return components


Precision = named_enum("Precision", ("day", "month", "year"), "How much of a date the source gave.")
OutputFormat = named_enum("OutputFormat", ("json", "csv"), "The representation of a list.")
# What a tombstone names: each app adds the kinds of its tables (their models' names).
DELETION_KIND = "DeletionKind"
