"""Staff UI of billing: invoices with their events and a
special-expense form, payments, refunds, remittances, coupons, exchange rates, the ledger."""

from decimal import InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts import selectors as accounts_selectors
from billing import services
from billing.models import (
    BalanceAccount,
    BankAccount,
    Coupon,
    ExchangeRate,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    LedgerEntry,
    Payment,
    PaymentEvent,
    Refund,
    Remittance,
    RemittanceEvent,
    Settlement,
    StripeEvent,
)
from billing.states import InvoiceStatus, RemittanceStatus
from transship import bounds
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
from transship.masking import MaskedAdminMixin


# --- Invoices ------------------------------------------------------------------------------------
class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ("kind", "description", "amount")


class InvoiceEventInline(ReadOnlyInline):
    model = InvoiceEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class PaymentEventInline(ReadOnlyInline):
    model = PaymentEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class RemittanceEventInline(ReadOnlyInline):
    model = RemittanceEvent
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = (
        "created_at",
        "amount",
        "destination",
        "status",
        "failure_reason",
        "reason",
        "actor",
        "stripe_refund_id",
    )
    readonly_fields = fields


class CustomerForm(forms.Form):
    """A staff form about one customer, named by email; `user_email` cleans to the User."""

    user_email = forms.EmailField(label=_("Customer email"))

    def clean_user_email(self) -> Any:
        user = accounts_selectors.user_by_email(email=self.cleaned_data["user_email"])
        if user is None:
            raise forms.ValidationError(_("No customer with this email."))
        return user


class SpecialExpenseForm(CustomerForm):
    shipment_id = forms.IntegerField(
        label=_("Shipment id"), max_value=bounds.ID_MAX, required=False
    )
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.DecimalField(
        label=_("Amount (JPY)"),
        min_value=1,
        max_digits=bounds.MONEY_MAX_DIGITS,
        decimal_places=0,
    )


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (JPY)"),
        min_value=1,
        max_digits=bounds.MONEY_MAX_DIGITS,
        decimal_places=0,
    )
    destination = forms.ChoiceField(label=_("Refund to"), choices=Refund.Destination.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "user",
        "kind",
        "status",
        "total",
        "amount_paid",
        "due_date",
        "issued_at",
    )
    list_select_related = ("user",)
    list_filter = ("status", "kind", "due_date")
    search_fields = ("number", "user__email", "user__member_code")
    date_hierarchy = "issued_at"
    readonly_fields = (
        "number",
        "user",
        "kind",
        "shipment",
        "status",
        "total",
        "amount_paid",
        "amount_refunded",
        "quoted_price",
        "pricing",
        "due_date",
        "issued_at",
        "paid_at",
        "created_by",
    )
    inlines = (InvoiceLineInline, RefundInline, InvoiceEventInline)
    actions = ("void_invoices",)
    change_form_template = "admin/billing/invoice/change_form.html"
    change_list_template = "admin/billing/invoice/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invoices are issued by services (packing, the special-expense form)

    def get_urls(self) -> list:
        return [
            path(
                "special-expense/",
                self.admin_site.admin_view(self.special_expense_view),
                name="billing_invoice_special_expense",
            ),
            path(
                "<int:invoice_id>/refund/",
                self.admin_site.admin_view(self.refund_view),
                name="billing_invoice_refund",
            ),
            *super().get_urls(),
        ]

    def special_expense_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("billing.add_invoice"):
            raise PermissionDenied
        form = SpecialExpenseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invoice = services.special_expense_invoice_issue(
                    user_id=form.cleaned_data["user_email"].pk,
                    shipment_id=form.cleaned_data["shipment_id"],
                    description=form.cleaned_data["description"],
                    amount=form.cleaned_data["amount"],
                    actor=request.user,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                self.message_user(request, _("Invoice %s issued.") % invoice.number)
                return redirect("admin:billing_invoice_change", invoice.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Special expense (customs duties, other costs at actual cost)"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/form.html", context)

    def refund_view(self, request: HttpRequest, invoice_id: int) -> HttpResponse:
        if not request.user.has_perm("billing.refund_invoice"):
            raise PermissionDenied
        invoice = get_object_or_404(Invoice, pk=invoice_id)
        form = RefundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.invoice_refund(
                    invoice_id=invoice.pk,
                    amount=form.cleaned_data["amount"],
                    destination=form.cleaned_data["destination"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                self.message_user(request, _("Refund recorded."))
                return redirect("admin:billing_invoice_change", invoice.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refund on invoice %s") % invoice.number,
            "form": form,
            "opts": self.model._meta,
            "original": invoice,
        }
        return TemplateResponse(request, "admin/billing/form.html", context)

    @admin.action(description=_("Void selected unpaid invoices"), permissions=["change"])
    def void_invoices(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        done = 0
        for invoice in queryset.filter(
            status__in=(InvoiceStatus.OPEN, InvoiceStatus.AWAITING_APPROVAL)
        ):
            try:
                services.invoice_void(
                    invoice_id=invoice.pk, actor=request.user, reason="voided by staff"
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{invoice}: {exc.message}", messages.ERROR)
        self.message_user(request, _("%d invoices voided.") % done)


class HeldForReviewFilter(admin.SimpleListFilter):
    title = _("held for review")
    parameter_name = "held"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Held: amount or currency differ"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Payment]) -> QuerySet[Payment]:
        if self.value() == "yes":
            return queryset.exclude(held_reason="")
        return queryset


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "user",
        "invoice",
        "amount",
        "method",
        "status",
        "held_reason",
        "created_at",
    )
    list_select_related = ("user", "invoice")
    list_filter = (HeldForReviewFilter, "status", "method")
    search_fields = ("number", "user__email", "stripe_session_id", "stripe_payment_intent")
    readonly_fields = [f.name for f in Payment._meta.fields]
    inlines = (PaymentEventInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "object_id", "received_at")
    search_fields = ("event_id", "object_id")
    readonly_fields = ("event_id", "type", "object_id", "received_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- Ledger ---------------------------------------------------------------------------------------
class AdjustmentForm(CustomerForm):
    amount = forms.DecimalField(
        label=_("Amount (JPY, negative to debit)"),
        max_digits=bounds.MONEY_MAX_DIGITS,
        decimal_places=0,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "user",
        "kind",
        "amount",
        "balance_after",
        "invoice",
        "description",
    )
    list_select_related = ("user", "invoice")
    list_filter = ("kind",)
    search_fields = ("user__email", "invoice__number", "description")
    readonly_fields = [f.name for f in LedgerEntry._meta.fields]
    change_list_template = "admin/billing/ledgerentry/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        return [
            path(
                "adjust/",
                self.admin_site.admin_view(self.adjust_view),
                name="billing_ledgerentry_adjust",
            ),
            *super().get_urls(),
        ]

    def adjust_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("billing.add_ledgerentry"):
            raise PermissionDenied
        form = AdjustmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.balance_adjust(
                    user_id=form.cleaned_data["user_email"].pk,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                self.message_user(request, _("Balance adjusted."))
                return redirect(reverse("admin:billing_ledgerentry_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Adjust a balance"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/billing/form.html", context)


@admin.register(BalanceAccount)
class BalanceAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "balance", "points", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "balance", "points", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- Remittances and settlements -----------------------------------------------------------------
@admin.register(Remittance)
class RemittanceAdmin(admin.ModelAdmin):
    list_display = ("number", "user", "amount", "fee", "due_date", "status", "paid_at")
    list_select_related = ("user",)
    list_filter = ("status", "due_date")
    search_fields = ("number", "user__email")
    readonly_fields = [f.name for f in Remittance._meta.fields]
    inlines = (RemittanceEventInline,)
    actions = ("mark_paid",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_mark_paid_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("billing.mark_remittance_paid")

    @admin.action(description=_("Mark selected remittances paid"), permissions=["mark_paid"])
    def mark_paid(self, request: HttpRequest, queryset: QuerySet[Remittance]) -> None:
        done = 0
        for remittance in queryset.filter(status=RemittanceStatus.PENDING):
            try:
                services.remittance_mark_paid(remittance_id=remittance.pk, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{remittance}: {exc.message}", messages.ERROR)
        self.message_user(request, _("%d remittances marked paid.") % done)


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = (
        "parcel",
        "user",
        "sale_price",
        "costs_covered",
        "unpaid_fees_paid",
        "remainder",
    )
    list_select_related = ("user", "parcel")
    search_fields = ("user__email",)
    readonly_fields = [f.name for f in Settlement._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BankAccount)
class BankAccountAdmin(MaskedAdminMixin, admin.ModelAdmin):
    masked_fields = ("account_number", "holder", "branch", "swift")
    list_display = ("user", "bank_name", "account_number", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("updated_at",)


# --- Coupons and exchange rates -------------------------------------------------------------------
@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "kind",
        "value",
        "valid_from",
        "valid_until",
        "max_uses",
        "times_used",
        "is_active",
    )
    list_filter = ("kind", "is_active")
    search_fields = ("code",)
    readonly_fields = ("times_used",)


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ("currency", "rate")

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if len(currency) != 3 or not currency.isalpha() or currency == "JPY":
            raise forms.ValidationError(_("Enter a three-letter currency code other than JPY."))
        return currency


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = ExchangeRateForm
    list_display = ("currency", "rate", "source", "created_by", "created_at")
    list_select_related = ("created_by",)
    list_filter = ("currency", "source")
    search_fields = ("currency",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ExchangeRate, form: Any, change: bool) -> None:
        try:
            created = services.exchange_rate_set(
                currency=obj.currency, rate=obj.rate, actor=request.user
            )
        except (DomainError, InvalidOperation) as exc:
            self.message_user(request, str(getattr(exc, "message", exc)), messages.ERROR)
            return
        obj.pk = created.pk
