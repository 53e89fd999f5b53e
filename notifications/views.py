from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors, services


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All messages are marked as read."))
    return redirect("notifications:inbox")


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients without our CSRF cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a one-button page (link scanners must not unsubscribe people); POST does it."""
    if request.method == "GET":
        try:
            signing.loads(token, salt=services.UNSUBSCRIBE_SALT)
        except signing.BadSignature:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "notifications/unsubscribe.html", {"token": token})
    try:
        services.marketing_unsubscribe(token=token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    return render(request, "notifications/unsubscribe.html", {"done": True})
