"""The API's JSON parser (the default in REST_FRAMEWORK): DRF's, with a cap on the body's size
(413, API_MAX_BODY_BYTES) and on how deep arrays and objects nest (400, API_MAX_JSON_DEPTH).

A module of its own: DRF reads its settings (this parser) while `transship.api` imports DRF's views.
"""

import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_nesting_exceeds(text: str, limit: int) -> bool:
    """Whether arrays/objects in `text` nest deeper than `limit` (brackets inside strings do not
    count). Python's json module recurses per level: thousands of levels crash the request."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a cap on the body's size (413) and on nesting depth (400), set by
    API_MAX_BODY_BYTES and API_MAX_JSON_DEPTH."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(_("The body is not valid %s.") % encoding) from exc
        if json_nesting_exceeds(text, settings.API_MAX_JSON_DEPTH):
            raise exceptions.ParseError(
                _("JSON nested deeper than %(limit)d levels.")
                % {"limit": settings.API_MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text)  # DRF's strict loads: no NaN or Infinity
        except ValueError as exc:
            raise exceptions.ParseError(_("JSON parse error - %s") % exc) from exc
