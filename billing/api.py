"""Billing API: the public quote (shipping's view, with the visitor's currency), invoices and
paying them, balance and statement, top-ups, exchange rates. Customers only ever see their own
invoices (another's id is a 404)."""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors, services
from billing.models import Invoice, InvoiceLine, LedgerEntry, Payment
from shipping.api import QuoteView
from transship.api import Pagination


# --- Invoices -----------------------------------------------------------------------------------
class InvoiceLineSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = InvoiceLine
        fields = ("kind", "description", "amount")


class InvoiceSerializer(serializers.ModelSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)
    amount_due = serializers.DecimalField(max_digits=14, decimal_places=0, read_only=True)
    # Plain strings: the choice sets are documented in docs/billing.md, and named enums here
    # would collide with other apps' "kind"/"status" in the schema.
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Invoice
        fields = (
            "id",
            "number",
            "kind",
            "status",
            "shipment",
            "total",
            "amount_paid",
            "amount_refunded",
            "amount_due",
            "quoted_price",
            "due_date",
            "issued_at",
            "paid_at",
            "lines",
        )
        read_only_fields = fields


class InvoiceList(generics.ListAPIView):
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return selectors.invoices_for_user(user_id=self.request.user.pk).prefetch_related("lines")


class InvoiceDetail(generics.RetrieveAPIView):
    serializer_class = InvoiceSerializer

    def get_object(self) -> Invoice:
        return selectors.invoice_get_for_user(
            invoice_id=self.kwargs["pk"], user_id=self.request.user.pk
        )


class PaySerializer(serializers.Serializer):
    use_balance = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, default=0
    )


class PaymentStartedSerializer(serializers.Serializer):
    """`payment` and `checkout_url` are null when the balance paid everything."""

    payment = serializers.CharField(allow_null=True, help_text="The payment's number")
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, required=False)
    method = serializers.ChoiceField(choices=Payment.Method.choices, required=False)
    checkout_url = serializers.URLField(allow_null=True, help_text="Where to pay the rest")


class ExchangeRatesSerializer(serializers.Serializer):
    base = serializers.CharField()
    rates = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=10),
        help_text="Units of each currency per 1 JPY",
    )


def _payment_body(request: Request, payment: Payment | None) -> dict:
    if payment is None:
        return {"payment": None, "checkout_url": None}
    url = payment.checkout_url or request.build_absolute_uri(
        reverse("billing:test_payment", args=[payment.number])
    )
    return {
        "payment": payment.number,
        "amount": str(payment.amount),
        "method": payment.method,
        "checkout_url": url,
    }


class InvoicePay(APIView):
    """Pay from the balance (`use_balance`) and get a checkout URL for the rest, if any."""

    @extend_schema(request=PaySerializer, responses={201: PaymentStartedSerializer})
    def post(self, request: Request, pk: int) -> Response:
        invoice = selectors.invoice_get_for_user(invoice_id=pk, user_id=request.user.pk)
        data = PaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        back = request.build_absolute_uri(reverse("billing:invoice", args=[invoice.pk]))
        payment = services.invoice_checkout_start(
            invoice_id=invoice.pk,
            user_id=request.user.pk,
            use_balance=data.validated_data["use_balance"],
            success_url=back + "?paid=1",
            cancel_url=back,
        )
        return Response(_payment_body(request, payment), status=status.HTTP_201_CREATED)


# --- Balance ------------------------------------------------------------------------------------
class LedgerEntrySerializer(serializers.ModelSerializer):
    invoice = serializers.CharField(source="invoice.number", default=None, allow_null=True)
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = ("created_at", "kind", "amount", "balance_after", "description", "invoice")


class StatementPagination(Pagination):
    """The page of entries, with the balance and points beside it (`Statement.list`)."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["balance"] = {"type": "string", "format": "decimal"}
        paginated["properties"]["points"] = {"type": "integer"}
        paginated["required"] = [*paginated.get("required", []), "balance", "points"]
        return paginated


class Statement(generics.ListAPIView):
    """The balance's entries, newest first, each with the balance after it; `balance` (JPY) and
    `points` beside them."""

    serializer_class = LedgerEntrySerializer
    pagination_class = StatementPagination

    def get_queryset(self):
        return selectors.statement_for_user(user_id=self.request.user.pk)

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        response.data["balance"] = str(selectors.balance_get(user_id=request.user.pk))
        response.data["points"] = selectors.points_get(user_id=request.user.pk)
        return response


class TopUpSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=50, max_value=1_000_000
    )


class TopUp(APIView):
    @extend_schema(request=TopUpSerializer, responses={201: PaymentStartedSerializer})
    def post(self, request: Request) -> Response:
        data = TopUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        back = request.build_absolute_uri(reverse("billing:statement"))
        payment = services.payment_start(
            user_id=request.user.pk,
            amount=data.validated_data["amount"],
            success_url=back + "?paid=1",
            cancel_url=back,
        )
        return Response(_payment_body(request, payment), status=status.HTTP_201_CREATED)


class ExchangeRates(APIView):
    permission_classes = (AllowAny,)

    @extend_schema(responses=ExchangeRatesSerializer)
    def get(self, request: Request) -> Response:
        rates = selectors.exchange_rates_current()
        return Response({"base": "JPY", "rates": {c: str(r) for c, r in rates.items()}})


urlpatterns = [
    path(
        "quotes/",
        QuoteView.as_view(display_currency=selectors.display_currency),
        name="shipping-quotes",
    ),
    path("invoices/", InvoiceList.as_view(), name="billing-invoices"),
    path("invoices/<int:pk>/", InvoiceDetail.as_view(), name="billing-invoice"),
    path("invoices/<int:pk>/pay/", InvoicePay.as_view(), name="billing-invoice-pay"),
    path("balance/", Statement.as_view(), name="billing-balance"),
    path("topups/", TopUp.as_view(), name="billing-topups"),
    path("exchange-rates/", ExchangeRates.as_view(), name="billing-exchange-rates"),
]
