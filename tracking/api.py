"""Customer API: a shipment's full tracking timeline; claims (create, list, detail, add
information). A customer sees only their own rows: another customer's id is a 404. Refusals
from services become 400 with the one error body (transship/api.py)."""

from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parcels.models import Shipment
from parcels.states import ShipmentStatus
from tracking import selectors, services
from tracking.models import Claim, ClaimEvent, ClaimNote
from tracking.states import ClaimKind, ClaimStatus, Liability, TrackingStatus
from transship import bounds
from transship.api import BlankAsNull, OptionalURLField


def _choice_field(choices: type, *, title: str | None = None, blank_as_null: bool = False) -> type:
    """A ChoiceField whose enum is written in place (see parcels/api.py for why)."""

    @extend_schema_field(
        {
            "allOf": [
                {"type": "string", "title": title or choices.__name__, "enum": list(choices.values)}
            ]
        }
    )
    class Field(*([BlankAsNull] if blank_as_null else []), serializers.ChoiceField):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = f"{title or choices.__name__}Field"
    return Field


ClaimKindField = _choice_field(ClaimKind)
ClaimStatusField = _choice_field(ClaimStatus)
PreviousClaimStatusField = _choice_field(
    ClaimStatus, title="PreviousClaimStatus", blank_as_null=True
)
LiabilityField = _choice_field(Liability)


class TimelineEntrySerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[("ours", "ours"), ("carrier", "carrier")],
        help_text="ours: a status change of ours; carrier: an event of the carrier's tracking",
    )
    at = serializers.DateTimeField()
    status = serializers.CharField(
        help_text="A shipment status (ours) or a tracking status (the carrier's): "
        + ", ".join(sorted({*ShipmentStatus.values, *TrackingStatus.values}))
    )
    status_label = serializers.CharField()
    description = serializers.CharField(help_text="In the carrier's words for its events")
    location = serializers.CharField()


class ShipmentTrackingSerializer(serializers.Serializer):
    shipment = serializers.IntegerField()
    number = serializers.CharField()
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = OptionalURLField(help_text="The carrier's own tracking page")
    stalled_since = serializers.DateTimeField(
        allow_null=True, help_text="Set while we look into a stalled shipment"
    )
    timeline = TimelineEntrySerializer(many=True)


class ShipmentTracking(APIView):
    @extend_schema(responses=ShipmentTrackingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """The shipment's timeline: our status changes, then the carrier's events."""
        try:
            shipment = selectors.shipment_for_customer(user=request.user, shipment_id=pk)
        except Shipment.DoesNotExist:
            raise Http404 from None
        stall = selectors.open_stall(shipment_id=shipment.pk)
        body = {
            "shipment": shipment.pk,
            "number": shipment.number,
            "carrier": shipment.service.carrier,
            "tracking_number": shipment.tracking_number,
            "tracking_url": shipment.tracking_url,
            "stalled_since": stall.flagged_at if stall else None,
            "timeline": [e.__dict__ for e in selectors.shipment_timeline(shipment=shipment)],
        }
        return Response(ShipmentTrackingSerializer(body).data)


class ClaimEventSerializer(serializers.ModelSerializer):
    from_status = PreviousClaimStatusField()
    to_status = ClaimStatusField(read_only=True)

    class Meta:
        model = ClaimEvent
        fields = ("from_status", "to_status", "reason", "created_at")
        read_only_fields = fields


class ClaimNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimNote
        fields = ("text", "created_at")
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    kind = ClaimKindField(read_only=True)
    status = ClaimStatusField(read_only=True)
    liability = LiabilityField(read_only=True)

    class Meta:
        model = Claim
        fields = (
            "id",
            "number",
            "shipment",
            "parcel",
            "kind",
            "amount_claimed",
            "amount_cap",
            "amount_accepted",
            "liability",
            "status",
            "respond_by",
            "created_at",
        )
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    photos = serializers.SerializerMethodField()
    notes = ClaimNoteSerializer(many=True, read_only=True)
    events = ClaimEventSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = (
            *ClaimSerializer.Meta.fields,
            "description",
            "info_request",
            "carrier_reference",
            "decision_reason",
            "photos",
            "notes",
            "events",
        )
        read_only_fields = fields

    def get_photos(self, obj: Claim) -> list[str]:
        return [reverse("tracking:claim_photo", args=[p.pk]) for p in obj.photos.all()]


class ClaimCreateSerializer(serializers.Serializer):
    shipment = serializers.IntegerField(
        min_value=1,
        max_value=bounds.ID_MAX,
        required=False,
        allow_null=True,
        help_text="The shipment (delivered within the claim window, or stalled); or give parcel",
    )
    parcel = serializers.IntegerField(
        min_value=1,
        max_value=bounds.ID_MAX,
        required=False,
        allow_null=True,
        help_text="A parcel in our warehouse; or give shipment",
    )
    kind = ClaimKindField()
    description = serializers.CharField(max_length=5000)
    amount_claimed = serializers.IntegerField(
        min_value=1,
        max_value=bounds.MONEY_MAX,
        help_text="JPY; at most the insured value, or the declared value when not insured",
    )


class ClaimInformationSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ClaimList(generics.ListAPIView):
    """Your claims, newest first; POST opens one (photos: on the website)."""

    serializer_class = ClaimSerializer
    queryset = Claim.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.claims_for_user(user=self.request.user)

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimDetailSerializer})
    def post(self, request: Request) -> Response:
        body = ClaimCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        claim = services.claim_open(
            user=request.user,
            kind=data["kind"],
            description=data["description"],
            amount_claimed=data["amount_claimed"],
            shipment_id=data.get("shipment"),
            parcel_id=data.get("parcel"),
        )
        claim = selectors.claim_for_user(user=request.user, claim_id=claim.pk)
        return Response(ClaimDetailSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimDetail(APIView):
    @extend_schema(responses=ClaimDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        try:
            claim = selectors.claim_for_user(user=request.user, claim_id=pk)
        except Claim.DoesNotExist:
            raise Http404 from None
        return Response(ClaimDetailSerializer(claim).data)


class ClaimInformation(APIView):
    @extend_schema(request=ClaimInformationSerializer, responses=ClaimDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        """Add information to an undecided claim (an answer to our question puts it back under
        review)."""
        if not Claim.objects.filter(pk=pk, user=request.user).exists():
            raise Http404
        body = ClaimInformationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.claim_information_add(
            claim_id=pk, user=request.user, text=body.validated_data["text"]
        )
        claim = selectors.claim_for_user(user=request.user, claim_id=pk)
        return Response(ClaimDetailSerializer(claim).data)


urlpatterns = [
    path("shipments/<int:pk>/tracking/", ShipmentTracking.as_view(), name="api-shipment-tracking"),
    path("claims/", ClaimList.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", ClaimDetail.as_view(), name="api-claim-detail"),
    path("claims/<int:pk>/information/", ClaimInformation.as_view(), name="api-claim-information"),
]
