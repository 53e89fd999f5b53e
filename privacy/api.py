"""Privacy requests in the API: create, list, detail, and the single download of a ready export.
Only the owner sees their requests; another user's id answers 404."""

from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from privacy import selectors, services
from privacy.models import PrivacyRequest
from privacy.states import DeletionGround, RefusalGround, RequestKind
from transship.api import BlankAsNull


class _GroundField(BlankAsNull, serializers.ChoiceField):
    """A ground that applies only to some requests: null for the others."""


class PrivacyRequestSerializer(serializers.ModelSerializer):
    export_is_downloadable = serializers.BooleanField(read_only=True)
    deletion_ground = _GroundField(choices=DeletionGround.choices)
    refusal_ground = _GroundField(choices=RefusalGround.choices)
    fee_invoice = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    fee_invoice_number = serializers.CharField(
        source="fee_invoice.number", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = PrivacyRequest
        fields = (
            "id",
            "kind",
            "status",
            "details",
            "deletion_ground",
            "received_at",
            "due_at",
            "verified_at",
            "refusal_ground",
            "answer",
            "fee_amount",
            "fee_invoice",
            "fee_invoice_number",
            "closed_at",
            "export_is_downloadable",
            "export_expires_at",
            "export_downloaded_at",
        )
        read_only_fields = fields


class PrivacyRequestCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    deletion_ground = serializers.ChoiceField(
        choices=DeletionGround.choices, required=False, allow_blank=True
    )


class PrivacyRequestList(generics.ListCreateAPIView):
    """The customer's privacy requests, newest first; POST makes a new one (P5)."""

    serializer_class = PrivacyRequestSerializer
    queryset = PrivacyRequest.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.privacy_requests_for_user(user=self.request.user)

    @extend_schema(
        request=PrivacyRequestCreateSerializer, responses={201: PrivacyRequestSerializer}
    )
    def post(self, request: Request) -> Response:
        body = PrivacyRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = services.privacy_request_create(user=request.user, **body.validated_data)
        return Response(PrivacyRequestSerializer(created).data, status=status.HTTP_201_CREATED)


class PrivacyRequestDetail(generics.RetrieveAPIView):
    serializer_class = PrivacyRequestSerializer
    queryset = PrivacyRequest.objects.none()

    def get_object(self) -> PrivacyRequest:
        found = selectors.privacy_request_for_user(
            user=self.request.user, request_id=self.kwargs["pk"]
        )
        if found is None:
            raise Http404
        return found


class PrivacyRequestDownload(APIView):
    @extend_schema(
        request=None,
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The ZIP of JSON and CSV files, once."
            )
        },
    )
    def post(self, request: Request, pk: int) -> HttpResponse:
        """Download the export of a completed access request. Works once, before it expires."""
        if selectors.privacy_request_for_user(user=request.user, request_id=pk) is None:
            raise Http404
        privacy_request, data = services.privacy_request_export_download(
            request_id=pk, user=request.user
        )
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="my-personal-data-{privacy_request.pk}.zip"'
        )
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [
    path("privacy/requests/", PrivacyRequestList.as_view(), name="api-privacy-request-list"),
    path(
        "privacy/requests/<int:pk>/",
        PrivacyRequestDetail.as_view(),
        name="api-privacy-request-detail",
    ),
    path(
        "privacy/requests/<int:pk>/download/",
        PrivacyRequestDownload.as_view(),
        name="api-privacy-request-download",
    ),
]
