"""API of shipping plans (issue 19): `POST /api/v1/shipping-plans/` for the plans of some stored
parcels, `POST /api/v1/shipping-plans/choose/` to request one shipment per box of one of them.
The same reads and service as the shipment request page."""

from decimal import Decimal

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parcels import planning, selectors, services
from parcels.api import CustomerCustomsCategoryField, ShipmentDetailSerializer
from shipping.planning import PLAN_KINDS, Plan, PlannedBox
from transship import bounds
from transship.api import CountryCodeField
from transship.errors import DomainError

_ID = {"min_value": 1, "max_value": bounds.ID_MAX}


def _ids(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(**_ID), max_length=planning.MAX_PLAN_PARCELS, **kwargs
    )


class PlanRequestSerializer(serializers.Serializer):
    parcels = _ids(allow_empty=False, help_text="Ids of your parcels in storage")
    recipient = serializers.IntegerField(
        required=False,
        help_text="Id of an address book entry (its country is the destination)",
        **_ID,
    )
    country = CountryCodeField(required=False, help_text="The destination, without a recipient")
    insure = serializers.BooleanField(
        default=False, help_text="Insure every box for the declared value of its contents"
    )
    keep_together = serializers.ListField(
        child=_ids(allow_empty=False),
        default=list,
        max_length=planning.MAX_PLAN_PARCELS,
        help_text="Groups of parcel ids that must travel in the same box",
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("recipient") and not attrs.get("country"):
            raise serializers.ValidationError(
                {"country": [_("Give a recipient or a destination country.")]}
            )
        return attrs


class PlannedBoxSerializer(serializers.Serializer):
    parcels = serializers.ListField(child=serializers.IntegerField())
    service = serializers.IntegerField(help_text="Id of the carrier service")
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    carrier = serializers.CharField()
    transit_days = serializers.IntegerField(allow_null=True)
    weight_g = serializers.IntegerField(help_text="Estimated packed weight (with packing)")
    length_cm = serializers.IntegerField()
    width_cm = serializers.IntegerField()
    height_cm = serializers.IntegerField()
    volumetric_weight_g = serializers.IntegerField()
    chargeable_weight_g = serializers.IntegerField()
    uses_volumetric = serializers.BooleanField(help_text="Priced on its volumetric weight")
    declared_value_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    carriage_jpy = serializers.DecimalField(
        max_digits=14, decimal_places=0, help_text="Guaranteed when the plan is chosen"
    )
    service_fee_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    insured_value_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    insurance_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    total_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    customs_form = serializers.CharField(help_text="CN22 or CN23")


class PlanSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=PLAN_KINDS,
        help_text="cheapest (recommended), fastest, one_box, separately (for comparison)",
    )
    total_jpy = serializers.DecimalField(max_digits=14, decimal_places=0)
    transit_days = serializers.IntegerField(
        allow_null=True, help_text="The slowest box's typical days"
    )
    is_fastest = serializers.BooleanField()
    saving_vs_one_box_jpy = serializers.DecimalField(
        max_digits=14, decimal_places=0, allow_null=True
    )
    saving_vs_separately_jpy = serializers.DecimalField(
        max_digits=14, decimal_places=0, allow_null=True
    )
    boxes = PlannedBoxSerializer(many=True)


class PlansSerializer(serializers.Serializer):
    country = serializers.CharField()
    plans = PlanSerializer(many=True, help_text="Cheapest first, then fastest, one box, separately")
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="Why there is no plan at all"
    )


def _box_json(box: PlannedBox) -> dict:
    service = box.service
    return {
        "parcels": list(box.parcel_keys),
        "service": service.pk,
        "service_code": service.code,
        "service_name": service.name,
        "carrier": service.carrier,
        "transit_days": service.transit_days,
        **box.box.as_kwargs(),
        "volumetric_weight_g": box.volumetric_weight_g,
        "chargeable_weight_g": box.chargeable_weight_g,
        "uses_volumetric": box.uses_volumetric,
        "declared_value_jpy": box.declared_value,
        "carriage_jpy": box.carriage,
        "service_fee_jpy": box.fee,
        "insured_value_jpy": box.insured_value,
        "insurance_jpy": box.insurance_premium,
        "total_jpy": box.total,
        "customs_form": box.customs_form,
    }


def plan_json(plan: Plan) -> dict:
    return {
        "kind": plan.kind,
        "total_jpy": plan.total,
        "transit_days": plan.transit_days,
        "is_fastest": plan.is_fastest or plan.kind == "fastest",
        "saving_vs_one_box_jpy": plan.saving_vs_one_box,
        "saving_vs_separately_jpy": plan.saving_vs_separately,
        "boxes": [_box_json(b) for b in plan.boxes],
    }


def _recipient_country(user, recipient_id: int) -> str:
    from accounts.models import Address

    address = Address.objects.filter(pk=recipient_id, user=user).first()
    if address is None:
        raise DomainError(_("Choose a recipient from your address book."), field="recipient")
    return address.country.code


class ShippingPlans(APIView):
    """The plans for shipping some of your stored parcels: the cheapest (recommended), the
    fastest, everything in one box and every parcel separately, with the saving."""

    @extend_schema(request=PlanRequestSerializer, responses=PlansSerializer)
    def post(self, request: Request) -> Response:
        body = PlanRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        country = data.get("country") or _recipient_country(request.user, data["recipient"])
        result = planning.shipping_plans(
            user=request.user,
            parcel_ids=data["parcels"],
            country=country,
            insure=data["insure"],
            keep_together=data["keep_together"],
        )
        return Response(
            PlansSerializer(
                {
                    "country": country,
                    "plans": [plan_json(p) for p in result.plans],
                    "problems": result.problems,
                }
            ).data
        )


class ChosenBoxSerializer(serializers.Serializer):
    parcels = _ids(allow_empty=False)
    service = serializers.IntegerField(**_ID)
    carriage_jpy = serializers.DecimalField(
        max_digits=14,
        decimal_places=0,
        min_value=Decimal(0),
        help_text="The carriage the plan showed; a higher price now refuses the choice",
    )


class PlanChooseSerializer(serializers.Serializer):
    recipient = serializers.IntegerField(help_text="Id of an address book entry", **_ID)
    boxes = ChosenBoxSerializer(many=True, allow_empty=False, max_length=planning.MAX_PLAN_PARCELS)
    insure = serializers.BooleanField(default=False)
    customs_category = CustomerCustomsCategoryField(
        help_text="What the contents are for customs: a gift or a sale of goods (one)"
    )
    customs_confirmed = serializers.BooleanField(
        help_text="You confirm the customs declarations prefilled from your declared contents"
    )


class ChosenPlanSerializer(serializers.Serializer):
    shipments = ShipmentDetailSerializer(many=True, help_text="One shipment per box")


class ShippingPlanChoose(APIView):
    """Request one shipment per box of a plan, all or none; each box's carriage is guaranteed
    as quoted (never billed above it unless you approve a change)."""

    @extend_schema(request=PlanChooseSerializer, responses={201: ChosenPlanSerializer})
    def post(self, request: Request) -> Response:
        body = PlanChooseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        shipments = services.shipment_plan_choose(
            user=request.user,
            boxes=[
                planning.ChosenBox(
                    parcel_ids=tuple(box["parcels"]),
                    service_id=box["service"],
                    carriage=box["carriage_jpy"],
                )
                for box in data["boxes"]
            ],
            recipient_id=data["recipient"],
            insure=data["insure"],
            customs_confirmed=data["customs_confirmed"],
            customs_category=data["customs_category"],
        )
        details = [
            ShipmentDetailSerializer(
                selectors.shipment_detail(user=request.user, shipment_id=s.pk)
            ).data
            for s in shipments
        ]
        return Response({"shipments": details}, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("shipping-plans/", ShippingPlans.as_view(), name="api-shipping-plans"),
    path("shipping-plans/choose/", ShippingPlanChoose.as_view(), name="api-shipping-plan-choose"),
]
