from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.models import Notification
from transship import bounds


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ("id", "event", "category", "subject", "body_text", "created_at", "read_at")
        read_only_fields = fields


class NotificationList(generics.ListAPIView):
    """The customer's in-site messages, newest first."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; real rows come from the selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.notification_list(user=self.request.user)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=bounds.ID_MAX), required=False
    )


class NotificationMarkRead(APIView):
    @extend_schema(
        request=MarkReadSerializer,
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        """Mark messages read (all unread ones when `ids` is omitted)."""
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        count = services.notifications_mark_read(
            user=request.user, notification_ids=body.validated_data.get("ids")
        )
        return Response({"marked": count})


urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="api-notification-list"),
    path("notifications/read/", NotificationMarkRead.as_view(), name="api-notification-read"),
]
