from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")
    default_auto_field = "django.db.models.BigAutoField"
    # What blocks closing an account, and what closing it sets off (accounts/closure.py).
    account_closure = "billing.account_closure"
    role_permissions: dict[str, list[str]] = {
        "Finance": [
            *(
                f"billing.{action}_{model}"
                for model in ("coupon", "exchangerate")
                for action in ("view", "add", "change")
            ),
            "billing.view_invoice",
            "billing.add_invoice",
            "billing.change_invoice",
            "billing.refund_invoice",
            "billing.view_invoiceline",
            "billing.view_ledgerentry",
            "billing.add_ledgerentry",
            "billing.view_payment",
            "billing.view_refund",
            "billing.view_remittance",
            "billing.mark_remittance_paid",
            "billing.view_settlement",
            "billing.view_bankaccount",
            "billing.view_balanceaccount",
            "billing.view_stripeevent",
        ],
        "Warehouse staff": ["billing.view_invoice"],
        "Support agent": [
            "billing.view_invoice",
            "billing.view_payment",
            "billing.view_ledgerentry",
        ],
    }
    staff_links = (
        {
            "label": _("Invoices"),
            "url_name": "admin:billing_invoice_changelist",
            "roles": ("Finance",),
            "help": _("Open and overdue invoices, special expenses, refunds."),
        },
        {
            "label": _("Remittances"),
            "url_name": "admin:billing_remittance_changelist",
            "roles": ("Finance",),
            "permission": "billing.mark_remittance_paid",
            "help": _("Disposal proceeds to pay out within 20 days; mark them paid."),
        },
        {
            "label": _("Exchange rates"),
            "url_name": "admin:billing_exchangerate_changelist",
            "roles": ("Finance",),
            "help": _("The rates shown to visitors next to yen prices."),
        },
    )
    periodic_tasks: tuple = (
        (
            "Suspend accounts with overdue invoices",
            "billing.suspend_overdue",
            {"minute": "30", "hour": "4"},
        ),
        (
            "Remind customers of invoices nearing their due date",
            "billing.remind_due_invoices",
            {"minute": "0", "hour": "8"},
        ),
        (
            "Follow up remittances: bank accounts asked for, Finance warned and alarmed",
            "billing.follow_up_remittances",
            {"minute": "0", "hour": "9"},
        ),
        ("Refresh exchange rates", "billing.refresh_exchange_rates", {"minute": "15", "hour": "*"}),
    )
