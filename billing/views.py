"""Customer pages of billing: invoices, paying, the statement and top-ups, receipts, the public
rate calculator, disposal settlements, and Stripe's webhook."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import selectors, services
from billing.forms import BankAccountForm, CouponForm, PayForm, PointsForm, TopUpForm
from billing.models import BankAccount, Invoice, LedgerEntry, Payment
from billing.receipts import receipt_pdf
from shipping import selectors as shipping_selectors
from shipping.forms import QuoteForm
from transship import masking
from transship.errors import DomainError
from transship.labels import choice_labels
from transship.money import CURRENCY_PLACES
from transship.pagination import paginate

CURRENCIES = tuple(sorted(CURRENCY_PLACES))


@login_required
def invoices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "billing/invoices.html",
        {
            "invoices": selectors.invoices_for_user(user_id=request.user.pk)[:200],
            "balance": selectors.balance_get(user_id=request.user.pk),
            "points": selectors.points_get(user_id=request.user.pk),
        },
    )


def _detail(request: HttpRequest, invoice: Invoice, **forms: object) -> HttpResponse:
    context = {
        "invoice": invoice,
        "balance": selectors.balance_get(user_id=request.user.pk),
        "points": selectors.points_get(user_id=request.user.pk),
        "pay_form": PayForm(),
        "coupon_form": CouponForm(),
        "points_form": PointsForm(),
        "stripe_is_test": not settings.STRIPE_SECRET_KEY,
        **forms,
    }
    return render(request, "billing/invoice_detail.html", context)


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    return _detail(request, invoice)


@login_required
@require_POST
def invoice_pay(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    form = PayForm(request.POST)
    if form.is_valid():
        back = request.build_absolute_uri(reverse("billing:invoice", args=[invoice.pk]))
        try:
            payment = services.invoice_checkout_start(
                invoice_id=invoice.pk,
                user_id=request.user.pk,
                use_balance=form.cleaned_data["use_balance"] or 0,
                success_url=back + "?paid=1",
                cancel_url=back,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            if payment is None:
                messages.success(request, _("Paid from your balance. Thank you!"))
                return redirect("billing:invoice", invoice.pk)
            return redirect(_payment_url(payment))
    return _detail(request, invoice, pay_form=form)


def _payment_url(payment: Payment) -> str:
    if payment.method == Payment.Method.TEST:
        return reverse("billing:test_payment", args=[payment.number])
    return payment.checkout_url


@login_required
@require_POST
def invoice_coupon(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    form = CouponForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_coupon_apply(
                invoice_id=invoice.pk, user_id=request.user.pk, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Coupon applied."))
            return redirect("billing:invoice", invoice.pk)
    return _detail(request, invoice, coupon_form=form)


@login_required
@require_POST
def invoice_points(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    form = PointsForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_points_redeem(
                invoice_id=invoice.pk, user_id=request.user.pk, points=form.cleaned_data["points"]
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Points used."))
            return redirect("billing:invoice", invoice.pk)
    return _detail(request, invoice, points_form=form)


@login_required
@require_POST
def invoice_approve(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    try:
        services.invoice_price_approve(invoice_id=invoice.pk, user_id=request.user.pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("New price approved. You can pay the invoice now."))
    return redirect("billing:invoice", invoice.pk)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's receipt. Staff with invoice rights get it with the customer's name masked,
    unless they may see personal data: then it is in full and the download is a logged view."""
    customer_name = None
    if request.user.is_staff and request.user.has_perm("billing.view_invoice"):
        invoice = get_object_or_404(Invoice.objects.select_related("user"), pk=pk)
        if invoice.user_id != request.user.pk:
            if masking.user_may_unmask(request.user):
                masking.personal_data_view_log(
                    staff=request.user,
                    subject_user_id=invoice.user_id,
                    model_label=Invoice._meta.label,
                    object_id=str(invoice.pk),
                    fields=["full_name"],
                    reason="receipt downloaded",
                )
            else:
                customer_name = masking.mask_name(invoice.user.get_full_name())
    else:
        invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
    response = HttpResponse(
        receipt_pdf(invoice=invoice, customer_name=customer_name), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    form = TopUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        back = request.build_absolute_uri(reverse("billing:statement"))
        try:
            payment = services.payment_start(
                user_id=request.user.pk,
                amount=form.cleaned_data["amount"],
                success_url=back + "?paid=1",
                cancel_url=back,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            return redirect(_payment_url(payment))
    page = paginate(request, selectors.statement_for_user(user_id=request.user.pk))
    kinds = choice_labels(LedgerEntry, "kind")  # once per page, not per row
    entries = list(page.object_list)
    for entry in entries:
        entry.kind_label = kinds.get(entry.kind, entry.kind)
    return render(
        request,
        "billing/statement.html",
        {
            "entries": entries,
            "page": page,
            "balance": selectors.balance_get(user_id=request.user.pk),
            "points": selectors.points_get(user_id=request.user.pk),
            "form": form,
            "stripe_is_test": not settings.STRIPE_SECRET_KEY,
        },
    )


@login_required
def test_payment(request: HttpRequest, number: str) -> HttpResponse:
    """Development without Stripe keys: a clearly labelled page that completes a test payment."""
    if settings.STRIPE_SECRET_KEY:
        raise Http404
    payment = get_object_or_404(
        Payment, number=number, user=request.user, method=Payment.Method.TEST
    )
    if request.method == "POST":
        try:
            services.test_payment_complete(payment_number=number, user_id=request.user.pk)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Test payment completed (no money moved)."))
        if payment.invoice_id:
            return redirect("billing:invoice", payment.invoice_id)
        return redirect("billing:statement")
    return render(request, "billing/test_payment.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        services.stripe_webhook_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except services.payments.WebhookRejected:
        return HttpResponse(status=400)
    return HttpResponse(status=200)


@require_POST
def currency_set(request: HttpRequest) -> HttpResponse:
    """Remember the visitor's display currency in a cookie (prices are always charged in JPY)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or reverse("billing:rates")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("billing:rates")
    response = redirect(target)
    currency = request.POST.get("currency", "").upper()
    if currency in CURRENCIES:
        response.set_cookie(
            "currency",
            currency,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,  # HTTPS-only wherever the session is
        )
    return response


def rates(request: HttpRequest) -> HttpResponse:
    """Public rate calculator: every service for a box, with its price (shipping's quote, shown
    also in the visitor's currency) or why it cannot."""
    form = QuoteForm(request.GET or None)
    quotes = None
    if request.GET and form.is_valid():
        quotes = shipping_selectors.quote_services(**form.cleaned_data)
    return render(
        request,
        "billing/rates.html",
        {"form": form, "quotes": quotes, "currencies": CURRENCIES},
    )


@login_required
def settlement(request: HttpRequest, parcel_id: int) -> HttpResponse:
    found = selectors.settlement_for_parcel(parcel_id=parcel_id, user_id=request.user.pk)
    if found is None:
        raise Http404
    return render(request, "billing/settlement.html", {"settlement": found})


@login_required
def bank_account(request: HttpRequest) -> HttpResponse:
    instance = BankAccount.objects.filter(user=request.user).first()
    form = BankAccountForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_account_set(user_id=request.user.pk, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Bank account saved."))
            return redirect("billing:statement")
    return render(request, "billing/bank_account.html", {"form": form})
