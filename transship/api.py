"""Shared API plumbing: pagination and the one error body every API error
answers with:

    {"type": "validation_error", "detail": "Invalid input.", "errors": {"field": ["message"]}}

`errors` is keyed by field (`non_field_errors` for the whole object) and is empty for errors that
concern no field (401, 403, 404, 413, 429, 500). DomainError from a service becomes a 400 (or 409
for an illegal transition) in the same shape, so a view never needs its own try/except. Errors
Django answers before a view runs (an unknown path such as /api/v1/parcels/abc/, a crash) answer
the same body through the project's error handlers (`error_body`).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from transship.errors import DomainError, IllegalTransition
from transship.parsers import PayloadTooLarge

API_PREFIX = "/api/"


class Pagination(PageNumberPagination):
    """`?page=` (a page past the last answers 404) and `?page_size=` (1 to 200, default 50): any
    other page or page_size (empty, 0, not a number) answers the 400 error body rather than being
    silently replaced."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            message = _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(raw)

    def get_page_number(self, request: Request, paginator: Any) -> int | str:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            message = _("A whole number, 1 or more.")
            raise exceptions.ValidationError({self.page_query_param: [message]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class BlankAsNull:
    """Mixin for a read-only serializer field whose column stores "none" as an empty string (an
    optional URL, an optional choice): the API answers null, and the schema declares the field
    nullable, never an empty string that is not a valid URI or enum member."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value == "" else super().to_representation(value)


class OptionalURLField(BlankAsNull, serializers.URLField):
    """A read-only URL that may be absent: null, not ""."""


class CountryCodeField(CountryField):
    """An ISO 3166 country code (or English name). django-countries' field takes `{}`, `0` or
    `null` as "no country" even when the field is required; this one refuses them."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        country = super().to_internal_value(data)
        if not country:
            self.fail("invalid_choice", input=data)
        return country


def _takes_json(field: serializers.Field) -> bool:
    """Whether the serializer `field` belongs to was given a JSON document (not form data or
    query parameters, whose values are all strings)."""
    data = getattr(field.root, "initial_data", None)
    return data is not None and not isinstance(data, QueryDict)


def _is_integer(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )


def _is_text_or_integer(value: Any) -> bool:
    return isinstance(value, str) or _is_integer(value)


# The JSON type each field class takes in a JSON body, and its error message's key (DRF alone
# would turn "5" into 5, 0 into False and 5 into "5").
_JSON_TYPES = (
    (serializers.BooleanField, lambda value: isinstance(value, bool), "invalid"),
    (serializers.IntegerField, _is_integer, "invalid"),
    (serializers.CharField, lambda value: isinstance(value, str), "invalid"),
    (serializers.ChoiceField, _is_text_or_integer, "invalid_choice"),
)


def json_types_enforce() -> None:
    """Make DRF's fields refuse, in a JSON body, a value of another JSON type than the schema
    documents (400): the API accepts what its OpenAPI schema says and no more. Form-encoded
    bodies and query parameters keep DRF's conversions. Called once, at startup."""
    for field_class, accepts, message in _JSON_TYPES:
        original = field_class.to_internal_value
        if getattr(original, "json_typed", False):
            continue

        def to_internal_value(
            self: serializers.Field,
            data: Any,
            _accepts: Any = accepts,
            _message: str = message,
            _original: Any = original,
        ) -> Any:
            if data is not None and _takes_json(self) and not _accepts(data):
                self.fail(_message, input=data)
            return _original(self, data)

        to_internal_value.json_typed = True
        field_class.to_internal_value = to_internal_value


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_body(kind: str, detail: str, status_code: int) -> JsonResponse:
    """The documented error body, for errors answered outside DRF (Django's error handlers)."""
    return JsonResponse({"type": kind, "detail": str(detail), "errors": {}}, status=status_code)


def _type_for(exc: Exception) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "validation_error"
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return "not_authenticated"
    if isinstance(exc, exceptions.PermissionDenied | PermissionDenied):
        return "permission_denied"
    if isinstance(exc, exceptions.NotFound | Http404):
        return "not_found"
    if isinstance(exc, exceptions.Throttled):
        return "throttled"
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed"
    if isinstance(exc, PayloadTooLarge):
        return "payload_too_large"
    if isinstance(exc, exceptions.ParseError):
        return "parse_error"
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type"
    if isinstance(exc, exceptions.NotAcceptable):
        return "not_acceptable"
    return "error"


# Every `type` an error body can carry (documented as an enum in the OpenAPI schema).
ERROR_TYPES = (
    "validation_error",
    "domain_error",
    "parse_error",
    "bad_request",
    "not_authenticated",
    "permission_denied",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "payload_too_large",
    "unsupported_media_type",
    "throttled",
    "server_error",
    "service_unavailable",
    "error",
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        field = exc.field or "non_field_errors"
        code = status.HTTP_409_CONFLICT if isinstance(exc, IllegalTransition) else 400
        body = {"type": "domain_error", "detail": str(exc.message), "errors": {}}
        body["errors"][field] = [str(exc.message)]
        return Response(body, status=code)

    if isinstance(exc, RequestDataTooBig):  # a form or multipart body over Django's limit
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = {
                key: value if isinstance(value, list) else [value] for key, value in data.items()
            }
        else:
            errors = {"non_field_errors": data if isinstance(data, list) else [data]}
        detail = str(exceptions.ValidationError.default_detail)
    else:
        errors = {}
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    response.data = {"type": _type_for(exc), "detail": str(detail), "errors": errors}
    return response
