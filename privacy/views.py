"""Customer privacy pages: make requests, follow them, download an export, see who got the data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacy import selectors, services
from privacy.forms import PrivacyRequestForm
from transship.errors import DomainError


def _zip_response(data: bytes, request_id: int) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-personal-data-{request_id}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.privacy_request_create(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("Your request was received. We answer within the deadline shown.")
            )
            return redirect("privacy:home")
    context = {
        "form": form,
        "requests": selectors.privacy_requests_for_user(user=request.user),
        "disclosures": selectors.disclosures_for_user(user=request.user),
        "accesses": selectors.personal_data_accesses_for_user(user=request.user),
    }
    return render(request, "privacy/home.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if selectors.privacy_request_for_user(user=request.user, request_id=pk) is None:
        raise Http404
    try:
        services.privacy_request_withdraw(request_id=pk, user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("privacy:home")


@login_required
@require_POST
def request_download(request: HttpRequest, pk: int) -> HttpResponse:
    if selectors.privacy_request_for_user(user=request.user, request_id=pk) is None:
        raise Http404
    try:
        privacy_request, data = services.privacy_request_export_download(
            request_id=pk, user=request.user
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("privacy:home")
    return _zip_response(data, privacy_request.pk)


@login_required
def export_download(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed single-use link; only its owner, logged in, can use it."""
    if request.method != "POST":
        return render(request, "privacy/export_download.html", {"token": token})
    try:
        privacy_request, data = services.privacy_request_export_download(
            user=request.user, token=token
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("privacy:home")
    return _zip_response(data, privacy_request.pk)
