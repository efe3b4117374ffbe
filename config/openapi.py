"""Documents the error answers every API operation can give, so the schema describes every response a client gets
(schemathesis checks this: tests/security/test_schemathesis.py)."""

from __future__ import annotations

ERROR_BODY = {
    "type": "object",
    "description": "What was wrong: `detail` for the request as a whole, or a list of messages per field.",
    "additionalProperties": True,
}

# Status codes DRF and our views answer whatever the operation: bad input (including filters and page numbers that
# do not exist, which DRF answers with 404), no credentials, a role that may not, an object the user may not see,
# and the rate limit.
COMMON_ERRORS = {
    "400": "The request or its parameters were not valid; the body says which and why.",
    "401": "No valid credentials (session or `Authorization: Token …`).",
    "403": "The user's role may not do this to this object.",
    "404": "No such object that this user may see, or no such page of results.",
    "429": "Too many requests; try again after the number of seconds in Retry-After.",
}

# Answers to an operation that takes a body.
BODY_ERRORS = {
    "415": "The body's content type is not one this operation takes, or the body could not be read as it.",
}

# Answers to a change guarded by the complaint's version (If-Match or `version` in the body).
VERSION_ERRORS = {
    "409": "The complaint has changed since the version given; fetch it again and retry.",
}

HTTP_METHODS = {"get", "put", "patch", "post", "delete"}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the error answers above to every operation that lacks them."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(BODY_ERRORS)
            if any(parameter.get("name") == "If-Match" for parameter in operation.get("parameters", [])):
                errors.update(VERSION_ERRORS)
            for status, description in errors.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ERROR_BODY}}}
                )
    return result
