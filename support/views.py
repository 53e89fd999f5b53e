"""Customer pages of the support desk: conversations (opened from a parcel, shipment, invoice or
privacy request, or the Contact page), attachments, the compromised-password report, notice
dismissal, and the inbound email webhook."""

from constance import config
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from support import selectors, services
from support.context_processors import DISMISSED_KEY
from support.forms import CompromiseByEmailForm, CompromiseConfirmForm, ConversationForm, ReplyForm
from support.models import Attachment, CompromiseReport, Conversation, ServiceNotice
from support.states import Topic
from transship.errors import DomainError
from transship.masking import personal_data_view_log

LINKABLE = {t.value: t for t in services.conversations.LINKABLE_TOPICS}


def _bound(request: HttpRequest) -> tuple:
    """A form's data on POST (even an empty one, which then shows its errors), else unbound."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/list.html",
        {"conversations": selectors.conversations_for_user(user=request.user)},
    )


def _linked_object(request: HttpRequest) -> tuple[str, int | None, object | None]:
    """The object named by ?parcel=…/?shipment=…/… when it is the customer's own."""
    for topic in LINKABLE:
        raw = request.GET.get(topic) or request.POST.get(topic)
        if raw is None:
            continue
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        found = selectors.linkable_object(user=request.user, topic=topic, object_id=int(raw))
        if found is None:
            raise Http404  # another customer's object does not exist for you
        return topic, int(raw), found
    return Topic.GENERAL, None, None


@login_required
def conversation_new(request: HttpRequest) -> HttpResponse:
    topic, object_id, linked = _linked_object(request)
    initial = {"subject": str(linked)} if linked is not None else {}
    form = ConversationForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_open(
                user=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                topic=topic,
                object_id=object_id,
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("Your question was sent. We will answer here and by email.")
            )
            return redirect("support:detail", pk=conversation.pk)
    return render(
        request,
        "support/new.html",
        {"form": form, "topic": topic, "object_id": object_id, "linked": linked},
        status=400 if form.errors else 200,
    )


@login_required
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        conversation = selectors.conversation_for_user(user=request.user, conversation_id=pk)
    except Conversation.DoesNotExist:
        raise Http404 from None
    form = ReplyForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_customer_reply(
                user=request.user,
                conversation_id=pk,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect("support:detail", pk=pk)
    return render(
        request,
        "support/detail.html",
        {
            "conversation": conversation,
            "thread": selectors.customer_messages(conversation=conversation),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, to its customer and to staff who may view conversations; 404 for anyone
    else. A staff view is logged like every look at personal data."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__conversation"), pk=pk
    )
    owner_id = attachment.message.conversation.user_id
    is_staff_reader = request.user.is_staff and request.user.has_perm("support.view_conversation")
    if owner_id != request.user.pk and not is_staff_reader:
        raise Http404
    if attachment.message.kind == "note" and not is_staff_reader:
        raise Http404
    if is_staff_reader:
        personal_data_view_log(
            staff=request.user,
            subject_user_id=owner_id,
            model_label="support.attachment",
            object_id=str(attachment.pk),
            fields=["file"],
            reason="support attachment",
        )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.filename,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
def compromised(request: HttpRequest) -> HttpResponse:
    """The security page's "someone else knows my password" (A4.4)."""
    form = CompromiseConfirmForm(_bound(request)[0])
    if request.method == "POST" and form.is_valid():
        services.account_compromise_report(
            user_id=request.user.pk,
            source=CompromiseReport.Source.SECURITY_PAGE,
            request=request,
        )
        logout(request)
        return render(request, "support/compromised_done.html")
    return render(
        request, "support/compromised.html", {"form": form}, status=400 if form.errors else 200
    )


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_limited(request: HttpRequest) -> bool:
    """At most SUPPORT_COMPROMISE_REPORTS_PER_HOUR reports an hour from one address."""
    key = f"support:compromise-report:{_client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr, or the cache is down
        cache.set(key, 1, 3600)
        count = 1
    return count > int(config.SUPPORT_COMPROMISE_REPORTS_PER_HOUR)


def compromised_by_email(request: HttpRequest) -> HttpResponse:
    """The login page's form, without logging in. The answer is the same whether or not the
    address has an account, and it is rate-limited per address."""
    form = CompromiseByEmailForm(_bound(request)[0])
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            form.add_error(None, _("Too many reports from your network. Try again in an hour."))
            return render(request, "support/compromised_email.html", {"form": form}, status=429)
        services.account_compromise_report_by_email(
            email=form.cleaned_data["email"], request=request
        )
        if request.user.is_authenticated:
            logout(request)
        return render(request, "support/compromised_done.html")
    return render(
        request,
        "support/compromised_email.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def notice_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a notice for the rest of this session (a form, no script)."""
    if ServiceNotice.objects.current().filter(pk=pk).exists():
        dismissed = [n for n in request.session.get(DISMISSED_KEY, []) if n != pk]
        request.session[DISMISSED_KEY] = [*dismissed, pk][-50:]
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return redirect(target)


@csrf_exempt
@require_POST
def inbound_mailgun(request: HttpRequest) -> HttpResponse:
    """Mailgun's route forward of a received email (form fields, files when attached)."""
    data = request.POST
    outcome = services.inbound_email_receive(
        timestamp=data.get("timestamp", ""),
        token=data.get("token", ""),
        signature=data.get("signature", ""),
        recipient=data.get("recipient", ""),
        sender=data.get("from", "") or data.get("sender", ""),
        stripped_text=data.get("stripped-text", ""),
        body_plain=data.get("body-plain", ""),
        attachments=[f for key, f in request.FILES.items() if key.startswith("attachment-")],
    )
    if outcome in (services.Outcome.BAD_SIGNATURE, services.Outcome.STALE):
        return HttpResponse(status=403)
    if outcome == services.Outcome.ADDED:
        return HttpResponse(status=200)
    # 406 tells Mailgun not to retry: a replay, an address we did not sign, a stranger.
    return HttpResponse(status=406)
