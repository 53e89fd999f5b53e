"""One log line per request: request id, method, path, status, duration, user id.

The request id is the proxy's `X-Request-ID` when it sent a sane one (Caddy and nginx can), or a
new one; it is answered in the response's `X-Request-ID` so a customer's report can be matched to
the line. In production the line is JSON (settings LOGGING); the query string is not logged (it
may carry a token)."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

log = logging.getLogger("transship.requests")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.monotonic()
        response = self.get_response(request)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        if getattr(user, "_wrapped", None) is empty:
            user = None  # nothing in the request looked at the user: no query just to log it
        user_id = user.pk if user is not None and user.is_authenticated else None
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response
