"""Shipping API: the public quote. Billing mounts it at `/api/v1/quotes/` with the visitor's
display currency (exchange rates are billing's; shipping prices in JPY only)."""

from collections.abc import Callable
from decimal import Decimal

from django.http import HttpRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shipping import selectors
from transship.api import CountryCodeField
from transship.money import quantize


class BoxSerializer(serializers.Serializer):
    weight_g = serializers.IntegerField(min_value=1, max_value=100_000)
    length_cm = serializers.IntegerField(min_value=1, max_value=500)
    width_cm = serializers.IntegerField(min_value=1, max_value=500)
    height_cm = serializers.IntegerField(min_value=1, max_value=500)


class QuoteRequestSerializer(serializers.Serializer):
    country = CountryCodeField()
    weight_g = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    length_cm = serializers.IntegerField(min_value=1, max_value=500, required=False)
    width_cm = serializers.IntegerField(min_value=1, max_value=500, required=False)
    height_cm = serializers.IntegerField(min_value=1, max_value=500, required=False)
    parcels = BoxSerializer(many=True, required=False, max_length=50)

    def validate(self, attrs: dict) -> dict:
        box = ("weight_g", "length_cm", "width_cm", "height_cm")
        if not attrs.get("parcels") and not all(attrs.get(k) for k in box):
            raise serializers.ValidationError(
                {k: ["This field is required."] for k in box if not attrs.get(k)}
            )
        return attrs


def _money(help_text: str, **kwargs: bool) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text=help_text, **kwargs
    )


class ServiceQuoteSerializer(serializers.Serializer):
    service = serializers.CharField(help_text="The service's code")
    name = serializers.CharField()
    carrier = serializers.CharField()
    is_available = serializers.BooleanField()
    reason = serializers.CharField(help_text="Why the service cannot carry it; empty if it can")
    chargeable_weight_g = serializers.IntegerField()
    volumetric_weight_g = serializers.IntegerField()
    price_jpy = _money("Null when the service cannot carry it")
    price_local = _money("In `currency`; null without a price or an exchange rate")
    separate_price_jpy = _money(
        "Parcels only: the sum of shipping each one on its own", required=False
    )
    saving_jpy = _money("Parcels only: what consolidating saves", required=False)


class QuoteSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="The visitor's display currency")
    rate = serializers.DecimalField(
        max_digits=20, decimal_places=10, allow_null=True, help_text="Units per 1 JPY"
    )
    quotes = ServiceQuoteSerializer(many=True)


class QuoteView(APIView):
    """Every service that can carry the box (or the parcels consolidated), with the chargeable
    weight and the price in JPY and the visitor's currency, or why it cannot."""

    permission_classes = (AllowAny,)
    # Given by the app that mounts the view: the request → (currency, units per 1 JPY or None).
    display_currency: Callable[[HttpRequest], tuple[str, Decimal | None]] | None = None

    @extend_schema(request=QuoteRequestSerializer, responses=QuoteSerializer)
    def post(self, request: Request) -> Response:
        data = QuoteRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attrs = data.validated_data
        currency, rate = "JPY", None
        if self.display_currency is not None:
            currency, rate = self.display_currency(request._request)

        def local(amount: Decimal | None) -> str | None:
            if amount is None or rate is None:
                return None
            return str(quantize(Decimal(amount) * rate, currency))

        def quote_json(q: selectors.ServiceQuote) -> dict:
            return {
                "service": q.service.code,
                "name": q.service.name,
                "carrier": q.service.carrier,
                "is_available": q.is_available,
                "reason": q.reason,
                "chargeable_weight_g": q.chargeable_weight_g,
                "volumetric_weight_g": q.volumetric_weight_g,
                "price_jpy": str(q.price) if q.price is not None else None,
                "price_local": local(q.price),
            }

        body: dict = {"currency": currency, "rate": str(rate) if rate else None}
        if attrs.get("parcels"):
            comparison = selectors.consolidation_compare(
                parcels=attrs["parcels"], country=attrs["country"]
            )
            body["quotes"] = [
                {
                    **quote_json(c.consolidated),
                    "separate_price_jpy": (
                        str(c.separate_price) if c.separate_price is not None else None
                    ),
                    "saving_jpy": str(c.saving) if c.saving is not None else None,
                }
                for c in comparison
            ]
        else:
            quotes = selectors.quote_services(
                weight_g=attrs["weight_g"],
                length_cm=attrs["length_cm"],
                width_cm=attrs["width_cm"],
                height_cm=attrs["height_cm"],
                country=attrs["country"],
            )
            body["quotes"] = [quote_json(q) for q in quotes]
        return Response(body)
