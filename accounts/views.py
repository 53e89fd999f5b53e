"""Customer pages of accounts. Each view parses, calls one service or selector, and renders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from accounts import member_codes, selectors, services
from accounts.forms import (
    AddressForm,
    GuardianConfirmForm,
    GuardianConsentForm,
    LegalAcceptForm,
    MarketingForm,
    PhoneCodeForm,
    ProfileForm,
    WithdrawalForm,
)
from accounts.middleware import SESSION_KEY
from accounts.models import Address, LegalDocument
from accounts.states import AccountStatus
from transship.errors import DomainError

COOKIE_CONSENT = "cookie_consent"
COOKIE_CONSENT_MAX_AGE = 180 * 24 * 3600


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST, even an empty one (`request.POST or None` would leave the
    form unbound: no errors shown, and unticked checkboxes never saved)."""
    return request.POST if request.method == "POST" else None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "problems": selectors.application_problems(user=user)
        if user.status == AccountStatus.APPLIED
        else [],
        "is_minor": selectors.user_is_minor(user=user),
        "warehouse": selectors.warehouse_address(user=user),
        "member_code": member_codes.display(user.member_code or ""),
        "password_is_stale": selectors.password_is_stale(user=user),
        "guardian_form": GuardianConsentForm() if selectors.user_is_minor(user=user) else None,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_POST
def guardian_consent(request: HttpRequest) -> HttpResponse:
    """The minor names the guardian, who is emailed a link to consent."""
    form = GuardianConsentForm(request.POST)
    if form.is_valid():
        try:
            services.application_guardian_consent_request(
                user_id=request.user.pk,
                guardian_name=form.cleaned_data["guardian_name"],
                guardian_contact=form.cleaned_data["guardian_contact"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _(
                    "We emailed your guardian a link. Your application waits until they "
                    "give their consent."
                ),
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/dashboard.html",
        {
            "problems": selectors.application_problems(user=request.user),
            "is_minor": True,
            "warehouse": selectors.warehouse_address(user=request.user),
            "guardian_form": form,
        },
        status=400,
    )


def guardian_consent_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the link we email a minor's guardian: they give their name, who they are to
    the applicant, and their consent. No login: the signed link is the guardian's key."""
    try:
        applicant = services.guardian_consent_applicant(token=token)
    except DomainError as error:
        return render(
            request, "accounts/guardian_consent.html", {"invalid": error.message}, status=400
        )
    if applicant.guardian_consent_at is not None:
        return render(request, "accounts/guardian_consent.html", {"done": True})
    form = GuardianConfirmForm(_posted(request), initial={"guardian_name": applicant.guardian_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_guardian_consent_confirm(
                token=token,
                guardian_name=form.cleaned_data["guardian_name"],
                relationship=form.cleaned_data["relationship"],
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            return render(request, "accounts/guardian_consent.html", {"done": True})
    return render(
        request,
        "accounts/guardian_consent.html",
        {"form": form, "applicant": applicant.full_name},
        status=400 if form.errors else 200,
    )


def legal(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalDocument.Kind.values:
        raise Http404
    document = next((doc for doc in selectors.legal_documents_current() if doc.kind == kind), None)
    if document is not None:
        document = LegalDocument.objects.get(pk=document.pk)
    body = document.body_for(get_language() or "en") if document else ""
    return render(
        request, "accounts/legal.html", {"kind": kind, "document": document, "body": body}
    )


@login_required
def legal_accept(request: HttpRequest) -> HttpResponse:
    """New versions of the terms or the privacy policy, accepted before anything else (A2)."""
    pending = selectors.legal_documents_pending(user=request.user)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not pending:
        request.session.pop(SESSION_KEY, None)
        return redirect(next_url or "accounts:dashboard")
    form = LegalAcceptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.legal_documents_accept(user=request.user, document_ids=[d.pk for d in pending])
        request.session.pop(SESSION_KEY, None)
        return redirect(next_url or "accounts:dashboard")
    documents = LegalDocument.objects.filter(pk__in=[d.pk for d in pending])
    language = get_language() or "en"
    rows = [{"document": doc, "body": doc.body_for(language)} for doc in documents]
    return render(
        request,
        "accounts/legal_accept.html",
        {"rows": rows, "form": form, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user_id=request.user.pk, data=form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def phone_verification(request: HttpRequest) -> HttpResponse:
    """Send a code to the member's phone, then check the code they type."""
    # Asking for a code checks no code: the form stays unbound so only the real problem shows.
    sending = request.method == "POST" and "send" in request.POST
    form = PhoneCodeForm(None if sending else _posted(request))
    send_error = ""
    if sending:
        try:
            services.phone_verification_start(user_id=request.user.pk)
        except DomainError as error:
            send_error = error.message
        else:
            messages.info(request, _("We sent a code to your phone."))
            return redirect("accounts:phone")
    elif request.method == "POST" and form.is_valid():
        try:
            services.phone_verify(user_id=request.user.pk, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
        else:
            messages.success(request, _("Your phone number is verified."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/phone.html",
        {"form": form, "send_error": send_error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    addresses = selectors.addresses_of(user=request.user)
    return render(request, "accounts/address_list.html", {"addresses": addresses})


@login_required
def address_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    address = get_object_or_404(Address, pk=pk, user=request.user) if pk else None
    form = AddressForm(_posted(request), instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_save(user=request.user, address=address, data=form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("accounts:addresses")
    return render(
        request,
        "accounts/address_form.html",
        {"form": form, "address": address},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and says what happens; POST deletes."""
    address = get_object_or_404(Address, pk=pk, user=request.user)
    if request.method == "GET":
        return render(request, "accounts/address_delete.html", {"address": address})
    services.address_delete(user=request.user, address_id=address.pk)
    messages.success(request, _("The address is deleted."))
    return redirect("accounts:addresses")


@login_required
def marketing(request: HttpRequest) -> HttpResponse:
    form = MarketingForm.for_user(request.user, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        for channel, granted in form.cleaned_data.items():
            services.marketing_consent_set(user=request.user, channel=channel, is_granted=granted)
        messages.success(request, _("Your choices are saved."))
        return redirect("accounts:marketing")
    return render(request, "accounts/marketing.html", {"form": form})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/security.html",
        {"password_is_stale": selectors.password_is_stale(user=request.user)},
    )


@login_required
def withdraw(request: HttpRequest) -> HttpResponse:
    """Close the account (A7): explained, blocked while goods or money are held, confirmed with
    the password."""
    blockers = selectors.withdrawal_blockers(user_id=request.user.pk)
    form = WithdrawalForm(_posted(request), user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.account_withdraw(
                user_id=request.user.pk, actor=request.user, reason="Closed by the member"
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return render(request, "accounts/withdrawn.html")
    return render(
        request,
        "accounts/withdraw.html",
        {"form": form, "blockers": blockers},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def cookie_consent(request: HttpRequest) -> HttpResponse:
    """Remember the visitor's cookie choice (P2): "all" or "necessary". Itself strictly needed."""
    choice = "all" if request.POST.get("choice") == "all" else "necessary"
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        COOKIE_CONSENT,
        choice,
        max_age=COOKIE_CONSENT_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def language_set(request: HttpRequest) -> HttpResponse:
    """The header's language switch (Django's `set_language`); for a logged-in member the choice is
    also a profile change, so emails and messages follow it."""
    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        services.profile_update(user_id=request.user.pk, data={"language": language})
    return response
