"""The OpenAPI document as generated clients read it: every response, security and component.

ninja documents each operation's success response and parameters; this module adds, for every
operation at once (so an endpoint added later gets them too):

* each error an operation can answer (400, 401, 403, 404, 413, 422, 503) and 304 on reads,
  with their headers (`WWW-Authenticate`, `Retry-After`, `Location` on 201);
* security only where a token is needed: reads whose `auth` includes `PublicRead` declare none
  unless `API_READ_REQUIRES_TOKEN` is set;
* a CSV twin `GET <list>.csv` of every operation that takes `format`, whose 200 is `text/csv`
  only, so the JSON operation's 200 is JSON only (what a generator can parse);
* the named components of api/schemas.py (enumerations, shared types) in place of their inline
  copies, the global tag list, servers, contact and licence; components nothing refers to go.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from django.conf import settings
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import HttpBearer

from api.auth import PublicRead
from api.errors import ErrorOut, ValidationErrorOut
from api.schemas import COMPONENT_KEY, enum_components

SECURITY_SCHEME = "TokenAuth"
CSV_SUFFIX = ".csv"
# The parameter that selects CSV on a JSON operation: its CSV twin's reason to exist.
FORMAT_PARAMETER = "format"

TAG_DESCRIPTIONS = {
    "relationships": "Pairs of countries and their stored temperature.",
    "agreements": "Agreements between the sides, with lineage and citations.",
    "events": "What happened, scored on the cooperation–conflict scale.",
    "actors": "People, bodies, units and states, findable by any spelling.",
    "metrics": "Quantities the record follows over time.",
    "observations": "Reported figures of the metrics, with their sources.",
    "sync": "Tombstones, for clients that keep a copy of the record.",
    "history": "Who changed what, and through which door (curators).",
    "articles": "The evidence every fact cites.",
}

INFO = {
    "contact": {"name": "Bilateral curators", "url": "https://github.com/bilateral/bilateral"},
    "license": {"name": "MIT", "identifier": "MIT"},
}
SERVERS = [
    {
        "url": "{scheme}://{host}",
        "description": "The site serving this document.",
        "variables": {
            "scheme": {"default": "http", "enum": ["http", "https"]},
            "host": {"default": "127.0.0.1:8000"},
        },
    }
]

_ERROR_SCHEMAS = {"ErrorOut": ErrorOut, "ValidationErrorOut": ValidationErrorOut}


class DocumentedSchema(OpenAPISchema):
    """ninja's document, with security declared only where a token is needed."""

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        callbacks = operation.auth_callbacks or []
        if not settings.API_READ_REQUIRES_TOKEN and any(
            isinstance(callback, PublicRead) for callback in callbacks
        ):
            return None  # a token is accepted, never needed
        if not any(isinstance(callback, HttpBearer) for callback in callbacks):
            return None
        self.securitySchemes[SECURITY_SCHEME] = {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer blt_...`: a per-user token curators issue.",
        }
        return [{SECURITY_SCHEME: []}]


def _error_response(description: str, name: str = "ErrorOut", headers: dict | None = None):
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def _header(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "schema": schema or {"type": "string"}}


def _fix_parameter_examples(parameters: list[dict]) -> None:
    for parameter in parameters:
        # ninja copies the JSON Schema list of examples onto the parameter, where OpenAPI
        # wants a map of Example objects (the list stays in its schema).
        if isinstance(parameter.get("examples"), list):
            parameter["examples"] = {
                f"example{number}": {"value": value}
                for number, value in enumerate(parameter["examples"], start=1)
            }


def _document_errors(path: str, method: str, operation: dict) -> None:
    responses = {str(code): value for code, value in operation.get("responses", {}).items()}
    operation["responses"] = responses
    parameters = operation.get("parameters", [])
    if "201" in responses:
        responses["201"]["headers"] = {
            "Location": _header("The URL of the record just created.", {"type": "string"})
        }
    if method == "get":
        responses["304"] = {
            "description": "Not modified since the ETag (`If-None-Match`) or the time "
            "(`If-Modified-Since`) sent."
        }
        success = responses.get("200")
        if success is not None:
            success["headers"] = {
                "ETag": _header("The version of this resource's representation."),
                "Last-Modified": _header("When this family of resources last changed."),
            }
    responses["401"] = _error_response(
        "No valid API token: none where one is needed, or a bad one sent.",
        headers={"WWW-Authenticate": _header("`Bearer`: how to authenticate.")},
    )
    if method != "get":
        responses["403"] = _error_response("The token's user lacks the permission.")
    if "{" in path:
        responses["404"] = _error_response("No such record.")
    if "requestBody" in operation:
        responses["400"] = _error_response("The body is not a JSON document.")
        responses["413"] = _error_response("The request body is too large.")
    responses["503"] = _error_response(
        "The database is unavailable: retry after the Retry-After seconds.",
        headers={"Retry-After": _header("Seconds to wait.", {"type": "integer"})},
    )
    if parameters or "requestBody" in operation:
        responses["422"] = _error_response(
            "Bad parameters or fields, each named.", "ValidationErrorOut"
        )


def _csv_twin(operation: dict) -> dict:
    """The `GET <path>.csv` operation of a JSON operation that can also answer CSV."""
    twin = copy.deepcopy(operation)
    twin["operationId"] = f"{operation['operationId']}_csv"
    twin["summary"] = f"{operation.get('summary', '')} (CSV)".strip()
    twin["description"] = (
        f"{operation.get('description', '')}\n\nThe same rows as CSV: a header row, ISO dates, "
        "lists joined with '; '. Without `limit`, every matching row."
    ).strip()
    twin["parameters"] = [p for p in twin.get("parameters", []) if p["name"] != FORMAT_PARAMETER]
    twin["responses"]["200"] = {
        "description": "The rows as CSV.",
        "headers": twin["responses"]["200"].get("headers", {}),
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
    return twin


def _refer_to_components(node: Any) -> Any:
    """Replace every `{"x-component": name, ...}` by a reference to the component `name`."""
    if isinstance(node, list):
        return [_refer_to_components(item) for item in node]
    if not isinstance(node, dict):
        return node
    if COMPONENT_KEY in node:
        reference = {"$ref": f"#/components/schemas/{node[COMPONENT_KEY]}"}
        for key in ("description", "default", "examples", "title"):
            if key in node:
                reference[key] = node[key]
        return reference
    return {key: _refer_to_components(value) for key, value in node.items()}


_REFERENCE = re.compile(r'"#/components/schemas/([^"]+)"')


def _drop_unused_components(schema: dict) -> None:
    """Drop the components no operation reaches (ninja keeps the filters' schemas, unused)."""
    components = schema["components"]["schemas"]
    reachable: set[str] = set()
    pending = set(_REFERENCE.findall(json.dumps(schema["paths"])))
    while pending:
        name = pending.pop()
        if name in reachable or name not in components:
            continue
        reachable.add(name)
        pending |= set(_REFERENCE.findall(json.dumps(components[name]))) - reachable
    for name in list(components):
        if name not in reachable:
            del components[name]


def document(schema: dict) -> dict:
    """Complete ninja's document in place (see the module's docstring); returns it."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in _ERROR_SCHEMAS.items():
        model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model_schema.pop("$defs", {}))
        components[name] = model_schema
    components.update(enum_components())

    paths: dict[str, dict] = {}
    tags: list[str] = []
    for path, methods in schema.get("paths", {}).items():
        paths[path] = methods
        for method, operation in methods.items():
            _fix_parameter_examples(operation.get("parameters", []))
            # Said outright (an empty list): this operation needs no token.
            operation.setdefault("security", [])
            _document_errors(path, method, operation)
            tags += [tag for tag in operation.get("tags", []) if tag not in tags]
        operation = methods.get("get")
        if operation and any(
            p["name"] == FORMAT_PARAMETER for p in operation.get("parameters", [])
        ):
            paths[f"{path}{CSV_SUFFIX}"] = {"get": _csv_twin(operation)}
            # The JSON operation answers JSON only, as far as its document says.
            operation["parameters"] = [
                p for p in operation["parameters"] if p["name"] != FORMAT_PARAMETER
            ]
    schema["paths"] = paths

    schema.update(_refer_to_components({key: schema[key] for key in ("paths", "components")}))
    _drop_unused_components(schema)
    schema["info"].update(INFO)
    schema["servers"] = SERVERS
    schema["tags"] = [
        {"name": tag, "description": TAG_DESCRIPTIONS.get(tag, f"Operations on {tag}.")}
        for tag in tags
    ]
    return schema


def _path_pattern(path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def csv_path_patterns(schema: dict, prefix: str) -> list[re.Pattern]:
    """Regular expressions of the CSV twins' paths (under `prefix`) in a completed document."""
    return [
        _path_pattern(path)
        for path in schema["paths"]
        if path.endswith(CSV_SUFFIX) and path.startswith(prefix)
    ]


def query_parameters(schema: dict) -> list[tuple[re.Pattern, dict[str, frozenset[str]]]]:
    """Each path's pattern and, per method, the query parameters it takes.

    A JSON list also takes `format` (its CSV twin's switch, kept working but not documented).
    """
    table = []
    for path, methods in schema["paths"].items():
        has_twin = f"{path}{CSV_SUFFIX}" in schema["paths"]
        allowed = {}
        for method, operation in methods.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if has_twin and method == "get":
                names.add(FORMAT_PARAMETER)
            allowed[method.upper()] = frozenset(names)
        table.append((_path_pattern(path), allowed))
    return table
