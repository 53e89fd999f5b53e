"""Customer API: declarations (create, list, edit before arrival), parcels (list with filters,
detail with timeline and photos), shipment requests (create, cancel, list, detail). A customer
sees only their own rows: another customer's id is a 404. Errors from services become 4xx with a
field-level body (transship/api.py)."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parcels import selectors, services
from parcels.models import (
    CustomsLine,
    DomesticCarrier,
    Parcel,
    ParcelEvent,
    ParcelItem,
    ParcelPhoto,
    Shipment,
    ShipmentEvent,
)
from parcels.states import (
    CUSTOMER_CUSTOMS_CATEGORIES,
    Category,
    CustomsCategory,
    CustomsForm,
    HoldReason,
    ParcelStatus,
    ShipmentStatus,
)
from shipping import selectors as shipping_selectors
from transship import bounds
from transship.api import BlankAsNull, OptionalURLField


def _choice_field(choices: type, *, blank_as_null: bool = False) -> type:
    """A ChoiceField whose enum is written in place, wrapped in `allOf`: our parcel and
    shipment statuses (and other apps' `status`/`category`) share field names, which makes the
    schema's enum-naming hook warn; the wrapped enum is left in place, exact and unambiguous."""

    @extend_schema_field(
        {"allOf": [{"type": "string", "title": choices.__name__, "enum": list(choices.values)}]}
    )
    class Field(*([BlankAsNull] if blank_as_null else []), serializers.ChoiceField):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = f"{choices.__name__}Field"
    return Field


ParcelStatusField = _choice_field(ParcelStatus)
ShipmentStatusField = _choice_field(ShipmentStatus)
# An event's `from_status`: null for the first event (the column stores "").
PreviousParcelStatusField = _choice_field(ParcelStatus, blank_as_null=True)
PreviousShipmentStatusField = _choice_field(ShipmentStatus, blank_as_null=True)
CategoryField = _choice_field(Category)
# Read-only: null while the parcel is not on hold (the column stores "").
HoldReasonField = _choice_field(HoldReason, blank_as_null=True)
CarrierField = _choice_field(DomesticCarrier)
# Read-only: null on shipments requested before customs categories and forms were recorded.
CustomsCategoryField = _choice_field(CustomsCategory, blank_as_null=True)
CustomsFormField = _choice_field(CustomsForm, blank_as_null=True)


@extend_schema_field(
    {
        "allOf": [
            {
                "type": "string",
                "title": "CustomerCustomsCategory",
                "enum": [c.value for c in CUSTOMER_CUSTOMS_CATEGORIES],
            }
        ]
    }
)
class CustomerCustomsCategoryField(serializers.ChoiceField):
    """What the customer declares the contents are: a gift or a sale of goods (one)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            choices=[(c.value, c.label) for c in CUSTOMER_CUSTOMS_CATEGORIES], **kwargs
        )


class ItemSerializer(serializers.ModelSerializer):
    category = CategoryField()
    quantity = serializers.IntegerField(min_value=1, max_value=bounds.INT_MAX)
    unit_value = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0)
    hs_code = serializers.CharField(max_length=12, required=False, allow_blank=True)

    class Meta:
        model = ParcelItem
        fields = (
            "description",
            "category",
            "quantity",
            "unit_value",
            "hs_code",
            "contains_batteries",
        )


class EventSerializer(serializers.ModelSerializer):
    from_status = PreviousParcelStatusField()
    to_status = ParcelStatusField(read_only=True)

    class Meta:
        model = ParcelEvent
        fields = ("from_status", "to_status", "reason", "created_at")
        read_only_fields = fields


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ParcelPhoto
        fields = ("id", "caption", "url", "created_at")
        read_only_fields = fields

    def get_url(self, obj: ParcelPhoto) -> str:
        return reverse("parcels:photo", args=[obj.pk])


class ParcelSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    status = ParcelStatusField(read_only=True)
    carrier = CarrierField(read_only=True)
    shop_url = OptionalURLField()
    hold_reason = HoldReasonField()

    class Meta:
        model = Parcel
        fields = (
            "id",
            "code",
            "status",
            "shop_name",
            "shop_url",
            "carrier",
            "tracking_number",
            "received_at",
            "weight_g",
            "length_cm",
            "width_cm",
            "height_cm",
            "hold_reason",
            "created_at",
        )
        read_only_fields = fields


class ParcelDetailSerializer(ParcelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    hold_instructions = serializers.CharField(read_only=True)

    class Meta(ParcelSerializer.Meta):
        fields = (
            *ParcelSerializer.Meta.fields,
            "hold_note",
            "hold_instructions",
            "note",
            "items",
            "events",
            "photos",
        )
        read_only_fields = fields


class DeclarationSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=40)
    carrier = CarrierField(default=DomesticCarrier.OTHER)
    shop_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    shop_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    items = ItemSerializer(many=True)


class DeclarationUpdateSerializer(DeclarationSerializer):
    tracking_number = serializers.CharField(max_length=40, required=False)
    carrier = CarrierField(required=False)
    items = ItemSerializer(many=True, required=False)


class DeclarationList(generics.ListAPIView):
    """Your declarations still waiting for their parcel (status `expected`)."""

    serializer_class = ParcelDetailSerializer
    queryset = Parcel.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.parcel_list(
            user=self.request.user, status=ParcelStatus.EXPECTED
        ).prefetch_related("items", "events", "photos")

    @extend_schema(request=DeclarationSerializer, responses={201: ParcelDetailSerializer})
    def post(self, request: Request) -> Response:
        """Declare an incoming parcel (article 12); prohibited categories are refused."""
        body = DeclarationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        parcel = services.declaration_create(user=request.user, **body.validated_data)
        parcel = selectors.parcel_detail(user=request.user, parcel_id=parcel.pk)
        return Response(ParcelDetailSerializer(parcel).data, status=status.HTTP_201_CREATED)


class DeclarationDetail(APIView):
    def _get(self, request: Request, pk: int) -> Parcel:
        try:
            return selectors.parcel_detail(user=request.user, parcel_id=pk)
        except Parcel.DoesNotExist:
            raise Http404 from None

    @extend_schema(responses=ParcelDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ParcelDetailSerializer(self._get(request, pk)).data)

    @extend_schema(request=DeclarationUpdateSerializer, responses=ParcelDetailSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """Edit a declaration before the parcel arrives (400 afterwards)."""
        self._get(request, pk)
        body = DeclarationUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        services.declaration_update(parcel_id=pk, user=request.user, **body.validated_data)
        return Response(ParcelDetailSerializer(self._get(request, pk)).data)


@extend_schema(parameters=[OpenApiParameter("status", enum=ParcelStatus.values)])
class ParcelList(generics.ListAPIView):
    """Your parcels, newest first; filter with `?status=` (another value answers 400)."""

    serializer_class = ParcelSerializer
    queryset = Parcel.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        wanted = self.request.query_params.get("status")
        if wanted is not None and wanted not in ParcelStatus.values:
            raise serializers.ValidationError({"status": [_("Not a parcel status.")]})
        return selectors.parcel_list(user=self.request.user, status=wanted)


class ParcelDetail(DeclarationDetail):
    http_method_names = ["get", "head", "options"]


class CustomsLineSerializer(serializers.ModelSerializer):
    category = CategoryField(read_only=True)

    class Meta:
        model = CustomsLine
        fields = (
            "description",
            "category",
            "hs_code",
            "quantity",
            "value",
            "weight_g",
            "origin_country",
        )
        read_only_fields = fields


class ShipmentEventSerializer(serializers.ModelSerializer):
    from_status = PreviousShipmentStatusField()
    to_status = ShipmentStatusField(read_only=True)

    class Meta:
        model = ShipmentEvent
        fields = ("from_status", "to_status", "reason", "created_at")
        read_only_fields = fields


class ShipmentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    status = ShipmentStatusField(read_only=True)
    service = serializers.CharField(source="service.name", read_only=True)
    carrier = serializers.CharField(source="service.carrier", read_only=True)
    tracking_url = OptionalURLField()
    parcels = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    customs_category = CustomsCategoryField(read_only=True)
    customs_form = CustomsFormField(read_only=True)

    class Meta:
        model = Shipment
        fields = (
            "id",
            "number",
            "status",
            "service",
            "carrier",
            "destination_country",
            "parcels",
            "insurance_amount",
            "quoted_price",
            "declared_value",
            "needs_export_declaration",
            "customs_category",
            "customs_form",
            "tracking_number",
            "tracking_url",
            "shipped_at",
            "created_at",
        )
        read_only_fields = fields


class ShipmentDetailSerializer(ShipmentSerializer):
    customs_lines = CustomsLineSerializer(many=True, read_only=True)
    events = ShipmentEventSerializer(many=True, read_only=True)

    class Meta(ShipmentSerializer.Meta):
        fields = (
            *ShipmentSerializer.Meta.fields,
            "recipient_name",
            "recipient_address",
            "packed_weight_g",
            "packed_length_cm",
            "packed_width_cm",
            "packed_height_cm",
            "customs_lines",
            "events",
        )
        read_only_fields = fields


class ShipmentRequestSerializer(serializers.Serializer):
    parcels = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=bounds.ID_MAX), allow_empty=False
    )
    recipient = serializers.IntegerField(
        min_value=1, max_value=bounds.ID_MAX, help_text="Id of an address book entry"
    )
    service = serializers.IntegerField(
        min_value=1, max_value=bounds.ID_MAX, help_text="Id of a carrier service"
    )
    insurance_amount = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, default=0
    )
    customs_category = CustomerCustomsCategoryField(
        help_text="What the contents are for customs: a gift or a sale of goods (one)"
    )
    customs_confirmed = serializers.BooleanField(
        help_text="You confirm the customs declaration prefilled from your declared contents"
    )


class ShipmentPreviewRequestSerializer(serializers.Serializer):
    parcels = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=bounds.ID_MAX),
        allow_empty=False,
        max_length=200,
    )
    service = serializers.IntegerField(
        min_value=1,
        max_value=bounds.ID_MAX,
        required=False,
        help_text="Id of a carrier service; some services always want a CN23",
    )


class PreviewLineSerializer(serializers.Serializer):
    parcel = serializers.CharField(help_text="The parcel's code")
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_value = serializers.DecimalField(max_digits=14, decimal_places=0)
    value = serializers.DecimalField(max_digits=14, decimal_places=0)
    hs_code = serializers.CharField()


class ShipmentPreviewSerializer(serializers.Serializer):
    declared_value = serializers.DecimalField(max_digits=14, decimal_places=0)
    customs_form = CustomsFormField(help_text="The form the box will carry")
    needs_export_declaration = serializers.BooleanField()
    cn22_limit_jpy = serializers.DecimalField(
        max_digits=14, decimal_places=0, help_text="Today's CN22 limit (300 SDR) in yen"
    )
    problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="What to fix in the declared contents before requesting (empty: nothing)",
    )
    lines = PreviewLineSerializer(many=True, help_text="The declaration you confirm")


class ShipmentPreview(APIView):
    """What a shipment of these stored parcels would declare, before you confirm it."""

    @extend_schema(request=ShipmentPreviewRequestSerializer, responses=ShipmentPreviewSerializer)
    def post(self, request: Request) -> Response:
        """The declared value, the customs form (CN22/CN23), whether an export declaration is
        needed and the prefilled lines, exactly as `POST /shipments/` would record them; the
        `customs_confirmed` you send there confirms this."""
        body = ShipmentPreviewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        wanted = set(data["parcels"])
        # In the order the request records them (by id).
        parcels = sorted(
            (p for p in selectors.parcels_shippable(user=request.user) if p.pk in wanted),
            key=lambda p: p.pk,
        )
        if len(parcels) != len(wanted):
            raise serializers.ValidationError(
                {"parcels": [_("Choose parcels of yours that are in storage.")]}
            )
        service = None
        if "service" in data:
            service = shipping_selectors.carrier_service_get_active(service_id=data["service"])
            if service is None:
                raise serializers.ValidationError({"service": [_("Choose a carrier service.")]})
        preview = selectors.customs_preview(parcels=parcels, service=service)
        return Response(
            ShipmentPreviewSerializer(
                {
                    "declared_value": preview.declared_value,
                    "customs_form": preview.form,
                    "needs_export_declaration": preview.needs_export_declaration,
                    "cn22_limit_jpy": preview.cn22_limit_jpy,
                    "problems": preview.problems,
                    "lines": [
                        {
                            "parcel": parcel.code,
                            "description": item.description,
                            "quantity": item.quantity,
                            "unit_value": item.unit_value,
                            "value": item.quantity * item.unit_value,
                            "hs_code": item.hs_code,
                        }
                        for parcel, item in preview.lines
                    ],
                }
            ).data
        )


class ShipmentList(generics.ListAPIView):
    """Your shipments, newest first; POST requests a new one."""

    serializer_class = ShipmentSerializer
    queryset = Shipment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.shipment_list(user=self.request.user)

    @extend_schema(request=ShipmentRequestSerializer, responses={201: ShipmentDetailSerializer})
    def post(self, request: Request) -> Response:
        body = ShipmentRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        shipment = services.shipment_request(
            user=request.user,
            parcel_ids=data["parcels"],
            recipient_id=data["recipient"],
            service_id=data["service"],
            insurance_amount=data["insurance_amount"],
            customs_confirmed=data["customs_confirmed"],
            customs_category=data["customs_category"],
        )
        shipment = selectors.shipment_detail(user=request.user, shipment_id=shipment.pk)
        return Response(ShipmentDetailSerializer(shipment).data, status=status.HTTP_201_CREATED)


class ShipmentDetail(APIView):
    @extend_schema(responses=ShipmentDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        try:
            shipment = selectors.shipment_detail(user=request.user, shipment_id=pk)
        except Shipment.DoesNotExist:
            raise Http404 from None
        return Response(ShipmentDetailSerializer(shipment).data)


class ShipmentCancel(APIView):
    @extend_schema(request=None, responses=ShipmentDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Cancel until staff start packing (400 afterwards)."""
        if not Shipment.objects.filter(pk=pk, user=request.user).exists():
            raise Http404
        services.shipment_cancel(shipment_id=pk, user=request.user, actor=request.user)
        shipment = selectors.shipment_detail(user=request.user, shipment_id=pk)
        return Response(ShipmentDetailSerializer(shipment).data)


urlpatterns = [
    path("declarations/", DeclarationList.as_view(), name="api-declaration-list"),
    path("declarations/<int:pk>/", DeclarationDetail.as_view(), name="api-declaration-detail"),
    path("parcels/", ParcelList.as_view(), name="api-parcel-list"),
    path("parcels/<int:pk>/", ParcelDetail.as_view(), name="api-parcel-detail"),
    path("shipments/", ShipmentList.as_view(), name="api-shipment-list"),
    path("shipments/preview/", ShipmentPreview.as_view(), name="api-shipment-preview"),
    path("shipments/<int:pk>/", ShipmentDetail.as_view(), name="api-shipment-detail"),
    path("shipments/<int:pk>/cancel/", ShipmentCancel.as_view(), name="api-shipment-cancel"),
]
