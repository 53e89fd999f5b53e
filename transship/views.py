import logging
from functools import lru_cache

import redis
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from transship.api import error_body, is_api_request
from transship.celery import app as celery_app

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no login form of its own: staff log in through allauth's login, with its rate
    limits, lockout and second-factor stage. A POST here authenticates nobody."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied("This account has no access to the staff site.")
        return redirect(target)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


@lru_cache(maxsize=4)
def _redis_for(url: str) -> redis.Redis:
    """One client (with its connection pool) per broker URL, kept for the process: a probe
    reuses a pooled connection instead of opening one (and a kombu connection) each time."""
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def _broker_ok() -> bool:
    url = celery_app.conf.broker_url or ""
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            return bool(_redis_for(url).ping())
        with celery_app.connection_for_write() as conn:  # other transports (filesystem in dev)
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def _storage_ok() -> bool:
    """The file storage answers (a HEAD on the bucket, or a stat of MEDIA_ROOT)."""
    try:
        default_storage.exists("readyz-probe")
        return True
    except Exception:
        log.warning("storage unavailable", exc_info=True)
        return False


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for the proxy and the orchestrator: 200 when this replica can serve, i.e. the
    database, the broker and the file storage answer; 503 (and which failed) otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok(), "storage": _storage_ok()}
    ok = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them to the file."""
    return redirect(staticfiles_storage.url("favicon.ico"), permanent=True)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and compose: 200 when the database and broker answer."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    ok = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
    )


# Under /api/ every error answers the API's one JSON body (transship/api.py), never a page.
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig) and is_api_request(request):
        return error_body("payload_too_large", _("The request body is too large."), 413)
    if is_api_request(request):
        return error_body("bad_request", _("Bad request."), 400)
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_body(
            "permission_denied", _("You do not have permission to perform this action."), 403
        )
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_body("not_found", _("Not found."), 404)
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return error_body("server_error", _("A server error occurred."), 500)
    # No context processors here: whatever failed may be what they would call.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
