"""OpenAPI post-processing: the one error body on every operation, and an example on every
response that has none written by hand.

Hand-written examples (``extend_schema(examples=...)``) stay as they are; the generated ones
are built from the response schema itself (enum → first value, formats → a sample), so a
new endpoint is documented with a valid example the day it is added.
"""

from __future__ import annotations

ERROR_BODY = {
    "type": "object",
    "description": "The one error body of the API.",
    "required": ["status", "code", "message"],
    "properties": {
        "status": {"type": "integer", "example": 400},
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string", "example": "The request has errors; see 'errors' for each one."},
        "errors": {"description": "Field- or record-level details, when there are any."},
    },
}
ERRORS = {
    "400": (
        "Bad input: a filter, cursor or body field",
        "invalid",
        "The request has errors; see 'errors' for each one.",
    ),
    "401": ("Not signed in", "not_authenticated", "Sign in or send a valid API token."),
    "403": ("The role may not do this", "permission_denied", "Your role may not do this."),
    "404": (
        "Not found, or outside the caller's unit scope",
        "not_found",
        "Not found, or outside your unit's scope.",
    ),
    "415": (
        "The body is not in a format the endpoint reads",
        "unsupported_media_type",
        "Send the body as application/json.",
    ),
    "429": ("Too many requests from this client", "throttled", "Too many requests; retry in 12 seconds."),
}
SAMPLE_STRINGS = {
    "date-time": "2026-11-22T02:00:00Z",
    "date": "2026-11-22",
    "uri": "https://supervision.example/api/v1/",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "legal@example.org",
    "decimal": "5.00",
}


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return components.get(ref.rsplit("/", 1)[-1], {})
    return schema


def example_for(schema: dict, components: dict, depth: int = 0):
    schema = _resolve(schema, components)
    if depth > 6:
        return None
    if "example" in schema:
        return schema["example"]
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            return example_for(schema[key][0], components, depth + 1)
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v not in (None, "")), schema["enum"][0])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example_for(prop, components, depth + 1)
            for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example_for(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "string":
        return SAMPLE_STRINGS.get(schema.get("format", ""), "string")
    return None


def postprocess(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ERROR_BODY
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, code, message) in ERRORS.items():
                if status == "400" and method == "get" and not operation.get("parameters"):
                    continue
                if status == "415" and method == "get":
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorBody"},
                                "examples": {
                                    code: {"value": {"status": int(status), "code": code, "message": message}}
                                },
                            }
                        },
                    },
                )
            for status, response in responses.items():
                if not str(status).startswith("2"):
                    continue
                for media in response.get("content", {}).values():
                    if "examples" in media or "example" in media or "schema" not in media:
                        continue
                    media["examples"] = {
                        "Example": {"value": example_for(media["schema"], components)},
                    }
    return result
