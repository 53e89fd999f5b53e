"""OpenAPI description of what is shared by every operation: our token authentication, and the
one error body (transship/api.py) for every 4xx an operation can answer.

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds the error responses an operation can
give from what the view is, so a new view documents them without doing anything:

- 400 validation/parse errors and business rules: when it takes a body or query parameters, and
  for every unsafe method;
- 401 a wrong, expired or revoked token (on every operation, public ones included: a bad token
  is refused rather than ignored), or no credentials where they are needed;
- 403 a session-authenticated unsafe request without its CSRF token;
- 404 an id that is not yours (never 403: another member's rows do not exist for you), or a page
  past the last one;
- 409 an object whose state no longer allows the change (unsafe methods on an object);
- 413 and 415 a body too large or of an unsupported media type (operations that take a body);
- 429 throttled (every operation).

A view that answers a code the rules miss declares it with `@extend_schema(responses=...)`.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from transship.api import ERROR_TYPES


class AccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.AccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token created under My account → API tokens.",
        }


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "items": {"anyOf": [{"type": "string"}, {"type": "object"}]},
        },
        "description": (
            "Messages per field (`non_field_errors` for the whole request); a nested object or "
            "list reports its own fields the same way. Empty for errors that concern no field."
        ),
    }
)
class _FieldErrors(serializers.DictField):
    pass


class ErrorSerializer(serializers.Serializer):
    """The body of every API error."""

    type = serializers.ChoiceField(choices=ERROR_TYPES)
    detail = serializers.CharField(help_text="A human-readable summary, translated.")
    errors = _FieldErrors()

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    "400": "Invalid input (`validation_error`, `parse_error`) or refused by a business rule "
    "(`domain_error`); `errors` names the fields.",
    "401": "No credentials, or a wrong, expired or revoked token (`not_authenticated`).",
    "403": "A website session without its CSRF token (`permission_denied`).",
    "404": "No such object among yours, or no such page (`not_found`).",
    "409": "The object's current state does not allow this change (`domain_error`).",
    "413": "The request body is too large (`payload_too_large`).",
    "415": "The request body's media type is not accepted (`unsupported_media_type`).",
    "429": "Too many requests; retry after the `Retry-After` header's seconds (`throttled`).",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self) -> list[str]:
        takes_body = self.method in UNSAFE and self.method != "DELETE"
        has_path_ids = "{" in self.path
        has_query = bool(self._get_pagination_parameters()) or any(
            p.get("in") == "query" for p in self._get_parameters()
        )
        codes = {"401", "429"}
        if takes_body or has_query or self.method in UNSAFE:
            codes.add("400")
        if self.method in UNSAFE:
            codes.add("403")
        if has_path_ids or self._is_list_view():
            codes.add("404")
        if has_path_ids and self.method in UNSAFE:
            codes.add("409")
        if takes_body:
            codes |= {"413", "415"}
        return sorted(codes)

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ErrorSerializer, code, direction=direction
                )
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses
