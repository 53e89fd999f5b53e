"""Accounts API: the member's profile with member code and warehouse address, the address book,
marketing preferences and personal access tokens. Another member's ids answer 404."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import member_codes, selectors, services
from accounts.forms import AddressForm
from accounts.models import AccessToken, Address, MarketingConsent, User
from accounts.states import Gender
from transship.api import CountryCodeField


# --- Profile -----------------------------------------------------------------------------------
class WarehouseAddressSerializer(serializers.Serializer):
    ja = serializers.ListField(child=serializers.CharField())
    romanised = serializers.ListField(child=serializers.CharField())


class ProfileSerializer(serializers.ModelSerializer):
    phone = PhoneNumberField(required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    member_code = serializers.SerializerMethodField()
    warehouse_address = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True,
        help_text="applied, active, suspended, disqualified, withdrawn, deceased or rejected",
    )

    class Meta:
        model = User
        fields = (
            "email",
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "language",
            "currency",
            "status",
            "member_code",
            "warehouse_address",
        )
        read_only_fields = ("email", "status")
        extra_kwargs = {"full_name": {"required": False, "allow_blank": False}}

    def get_member_code(self, user: User) -> str | None:
        return member_codes.display(user.member_code) if user.member_code else None

    @extend_schema_field(WarehouseAddressSerializer)
    def get_warehouse_address(self, user: User) -> dict:
        return selectors.warehouse_address(user=user)


class ProfileView(APIView):
    """The member's own profile, status, member code and warehouse address (ja + romanised)."""

    @extend_schema(responses=ProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request: Request) -> Response:
        data = ProfileSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.profile_update(user_id=request.user.pk, data=data.validated_data)
        return Response(ProfileSerializer(user).data)


# --- Address book ------------------------------------------------------------------------------
class AddressSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    phone = PhoneNumberField()

    class Meta:
        model = Address
        fields = (
            "id",
            "label",
            "name",
            "country",
            "region",
            "city",
            "postcode",
            "line1",
            "line2",
            "phone",
            "is_default",
        )

    def validate(self, attrs: dict) -> dict:
        # The same rules as the website's form (phone must belong to the recipient's country).
        merged = {**(AddressSerializer(self.instance).data if self.instance else {}), **attrs}
        form = AddressForm(data={k: str(v) if v is not None else "" for k, v in merged.items()})
        if not form.is_valid():
            raise serializers.ValidationError(
                {field: list(errors) for field, errors in form.errors.items()}
            )
        return attrs


class AddressListView(generics.ListCreateAPIView):
    """The member's recipients; creating one makes it the default when it is the first."""

    serializer_class = AddressSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Address.objects.none()
        return Address.objects.filter(user=self.request.user)

    def perform_create(self, serializer: AddressSerializer) -> None:
        serializer.instance = services.address_save(
            user=self.request.user, address=None, data=serializer.validated_data
        )


class AddressDetailView(generics.RetrieveUpdateDestroyAPIView):
    """One of the member's recipients; another member's id is a 404."""

    serializer_class = AddressSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Address.objects.none()
        return Address.objects.filter(user=self.request.user)

    def perform_update(self, serializer: AddressSerializer) -> None:
        serializer.instance = services.address_save(
            user=self.request.user, address=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance: Address) -> None:
        services.address_delete(user=self.request.user, address_id=instance.pk)


# --- Marketing ---------------------------------------------------------------------------------
class MarketingSerializer(serializers.Serializer):
    email = serializers.BooleanField(required=False)
    sms = serializers.BooleanField(required=False)


class MarketingView(APIView):
    """Consent to marketing messages, per channel (J5, P1.4)."""

    def _current(self, user: User) -> dict:
        return {
            channel: selectors.marketing_consent_is_granted(user=user, channel=channel)
            for channel in MarketingConsent.Channel.values
        }

    @extend_schema(responses=MarketingSerializer)
    def get(self, request: Request) -> Response:
        return Response(self._current(request.user))

    @extend_schema(request=MarketingSerializer, responses=MarketingSerializer)
    def put(self, request: Request) -> Response:
        data = MarketingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        for channel, granted in data.validated_data.items():
            services.marketing_consent_set(user=request.user, channel=channel, is_granted=granted)
        return Response(self._current(request.user))


# --- Tokens ------------------------------------------------------------------------------------
class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessToken
        fields = ("id", "name", "hint", "created_at", "last_used_at", "expires_at", "revoked_at")
        read_only_fields = ("hint", "created_at", "last_used_at", "revoked_at")


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(TokenSerializer.Meta):
        fields = (*TokenSerializer.Meta.fields, "token")


class TokenListView(generics.ListCreateAPIView):
    """Personal access tokens (`Authorization: Bearer <token>`)."""

    serializer_class = TokenSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessToken.objects.none()
        return AccessToken.objects.filter(user=self.request.user)

    @extend_schema(request=TokenSerializer, responses={201: TokenCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = services.access_token_create(
            user=request.user,
            name=data.validated_data["name"],
            expires_at=data.validated_data.get("expires_at"),
        )
        body = TokenSerializer(token).data | {"token": secret}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenRevokeView(APIView):
    """Revoke a token; it stops working at once."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        get_object_or_404(AccessToken, pk=pk, user=request.user)
        services.access_token_revoke(user=request.user, token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("me/", ProfileView.as_view(), name="api-profile"),
    path("me/marketing/", MarketingView.as_view(), name="api-marketing"),
    path("addresses/", AddressListView.as_view(), name="api-addresses"),
    path("addresses/<int:pk>/", AddressDetailView.as_view(), name="api-address"),
    path("tokens/", TokenListView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/", TokenRevokeView.as_view(), name="api-token"),
]
