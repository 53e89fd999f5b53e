"""The customer's support conversations and messages, and the service notices shown to them.
Only the owner sees a conversation (another's id answers 404); internal notes never appear."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from support import selectors, services
from support.models import Attachment, Conversation, Message, ServiceNotice
from support.states import MessageChannel, Topic
from transship import bounds

CREATABLE_TOPICS = [
    (t.value, t.label)
    for t in (Topic.GENERAL, Topic.PARCEL, Topic.SHIPMENT, Topic.INVOICE, Topic.PRIVACY_REQUEST)
]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ("id", "filename", "content_type", "size", "url")
        read_only_fields = fields

    def get_url(self, obj: Attachment) -> str:
        return f"/support/attachments/{obj.pk}/"


class MessageSerializer(serializers.ModelSerializer):
    from_support = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ("id", "kind", "from_support", "body", "channel", "created_at", "attachments")
        read_only_fields = fields

    def get_from_support(self, obj: Message) -> bool:
        return obj.kind != "customer"


class ConversationSerializer(serializers.ModelSerializer):
    parcel = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    shipment = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    invoice = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    privacy_request = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Conversation
        fields = (
            "id",
            "subject",
            "topic",
            "status",
            "parcel",
            "shipment",
            "invoice",
            "privacy_request",
            "created_at",
            "updated_at",
            "resolved_at",
        )
        read_only_fields = fields


class ConversationDetailSerializer(ConversationSerializer):
    messages = serializers.SerializerMethodField()

    class Meta(ConversationSerializer.Meta):
        fields = (*ConversationSerializer.Meta.fields, "messages")
        read_only_fields = fields

    @extend_schema(responses=MessageSerializer(many=True))
    def get_messages(self, obj: Conversation) -> list[dict]:
        return MessageSerializer(selectors.customer_messages(conversation=obj), many=True).data


class ConversationCreateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10_000)
    topic = serializers.ChoiceField(choices=CREATABLE_TOPICS, default=Topic.GENERAL)
    object_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=bounds.ID_MAX,
        help_text="The id of your parcel, shipment, invoice or privacy request the topic names.",
    )


class MessageCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10_000)


class ConversationList(generics.ListAPIView):
    """The customer's support conversations, latest activity first; POST asks a new question."""

    serializer_class = ConversationSerializer
    queryset = Conversation.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.conversations_for_user(user=self.request.user)

    @extend_schema(
        request=ConversationCreateSerializer, responses={201: ConversationDetailSerializer}
    )
    def post(self, request: Request) -> Response:
        body = ConversationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        conversation = services.conversation_open(
            user=request.user, channel=MessageChannel.API, **body.validated_data
        )
        return Response(
            ConversationDetailSerializer(conversation).data, status=status.HTTP_201_CREATED
        )


class ConversationDetail(generics.RetrieveAPIView):
    """One conversation with its messages (never the internal notes)."""

    serializer_class = ConversationDetailSerializer
    queryset = Conversation.objects.none()

    def get_object(self) -> Conversation:
        try:
            return selectors.conversation_for_user(
                user=self.request.user, conversation_id=self.kwargs["pk"]
            )
        except Conversation.DoesNotExist:
            raise Http404 from None


class ConversationReply(APIView):
    @extend_schema(request=MessageCreateSerializer, responses={201: MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Write to support in this conversation; a resolved one reopens."""
        if not selectors.conversations_for_user(user=request.user).filter(pk=pk).exists():
            raise Http404
        body = MessageCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = services.conversation_customer_reply(
            user=request.user,
            conversation_id=pk,
            body=body.validated_data["body"],
            channel=MessageChannel.API,
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class ServiceNoticeSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    class Meta:
        model = ServiceNotice
        fields = ("id", "kind", "title", "text", "starts_at", "ends_at", "maintenance_mode")
        read_only_fields = fields

    def get_title(self, obj: ServiceNotice) -> str:
        return obj.title_for()

    def get_text(self, obj: ServiceNotice) -> str:
        return obj.text_for()


class ServiceNoticeList(APIView):
    """The service notices in force for you now (A16, A17), in your language."""

    @extend_schema(responses=ServiceNoticeSerializer(many=True))
    def get(self, request: Request) -> Response:
        notices = selectors.notices_for(user=request.user)
        return Response(ServiceNoticeSerializer(notices, many=True).data)


urlpatterns = [
    path("support/conversations/", ConversationList.as_view(), name="api-conversation-list"),
    path(
        "support/conversations/<int:pk>/",
        ConversationDetail.as_view(),
        name="api-conversation-detail",
    ),
    path(
        "support/conversations/<int:pk>/messages/",
        ConversationReply.as_view(),
        name="api-conversation-reply",
    ),
    path("support/notices/", ServiceNoticeList.as_view(), name="api-notice-list"),
]
