"""Maintenance mode (A16, A17): while a current service notice has it on, customers see the
maintenance page and nothing that changes data goes through; staff, the admin, /healthz, the
login (staff log in through it) and the providers' webhooks keep working."""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from support import selectors
from support.models import ServiceNotice

CACHE_KEY = "support:maintenance_notice"
CACHE_SECONDS = 15
RETRY_AFTER_SECONDS = 600
# Paths that keep working during maintenance, for everyone.
OPEN_PATHS = (
    "/admin/",
    "/healthz",
    "/static/",
    "/favicon.ico",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/i18n/",
    "/billing/stripe/",
    "/support/inbound/",
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _current_notice_id() -> int:
    """The id of the notice that puts the site in maintenance (0 for none), cached briefly so
    a request costs no query; switching it on or off takes effect within the cache time."""
    notice_id = cache.get(CACHE_KEY)
    if notice_id is None:
        notice = selectors.maintenance_notice()
        notice_id = notice.pk if notice else 0
        cache.set(CACHE_KEY, notice_id, CACHE_SECONDS)
    return notice_id


class MaintenanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        if request.path.startswith(OPEN_PATHS) or (is_api and request.method in SAFE_METHODS):
            return self.get_response(request)  # programs keep reading through the API
        if getattr(request.user, "is_staff", False):
            return self.get_response(request)
        notice_id = _current_notice_id()
        if not notice_id:
            return self.get_response(request)
        if is_api:
            response = JsonResponse(
                {
                    "type": "service_unavailable",
                    "detail": _("The service is under maintenance; please try again later."),
                    "errors": {},
                },
                status=503,
            )
        else:
            notice = ServiceNotice.objects.filter(pk=notice_id).first()
            response = render(request, "support/maintenance.html", {"notice": notice}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
