"""What the OpenAPI document adds to every operation besides its success response."""

from __future__ import annotations

from api.errors import ErrorOut, ValidationErrorOut

_ERROR_SCHEMAS = {"ErrorOut": ErrorOut, "ValidationErrorOut": ValidationErrorOut}


def _error_response(description: str, name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def document_responses(schema: dict) -> None:
    """Add what every operation may answer besides its success: CSV, 304, 401, 403, 404, 413, 422, 503."""
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
            if "requestBody" in operation:
                responses["413"] = _error_response("The request body is too large.", "ErrorOut")
            responses["503"] = _error_response(
                "The database is unavailable: retry after the Retry-After seconds.", "ErrorOut"
            )
            if parameters or "requestBody" in operation:
                responses["422"] = _error_response(
                    "Bad parameters or fields, each named.", "ValidationErrorOut"
                )
