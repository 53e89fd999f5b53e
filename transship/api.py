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
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from transship.errors import DomainError, IllegalTransition
from transship.parsers import PayloadTooLarge

API_PREFIX = "/api/"


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


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
    return "error"


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
