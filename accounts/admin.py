"""Staff screens for accounts: the application queue, the member's page with its history and
login failures, legal document versions. Every state change is an action calling a service."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import selectors, services
from accounts.forms import AccountActionForm
from accounts.models import (
    AccessToken,
    AccountEvent,
    Address,
    Application,
    LegalAcceptance,
    LegalDocument,
    LoginFailure,
    MarketingConsent,
    User,
)
from accounts.states import AccountStatus
from transship.admin import ReadOnlyInline
from transship.errors import DomainError
from transship.masking import MaskedAdminMixin


class AccountEventInline(ReadOnlyInline):
    model = AccountEvent
    fk_name = "user"
    fields = ("created_at", "from_status", "to_status", "actor", "reason")
    readonly_fields = fields
    ordering = ("-created_at", "-pk")
    verbose_name_plural = _("history of the account status")


class LoginFailureInline(admin.TabularInline):
    model = LoginFailure
    extra = 0
    can_delete = False
    fields = ("created_at", "ip_address")
    readonly_fields = fields
    max_num = 0
    verbose_name_plural = _("wrong passwords (newest first)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("-created_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LegalAcceptanceInline(admin.TabularInline):
    model = LegalAcceptance
    extra = 0
    can_delete = False
    fields = ("document", "accepted_at")
    readonly_fields = fields
    max_num = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LockedFilter(admin.SimpleListFilter):
    title = _("login locked")
    parameter_name = "locked"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list:
        return [("yes", _("Locked")), ("no", _("Not locked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(login_locked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(login_locked_at__isnull=True)
        return queryset


# Fields that grant rights: only a superuser edits them (a support agent with change_user must not
# be able to make anyone, themselves included, staff or superuser).
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def _is_privileged(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser)


def _may_manage(request: HttpRequest, user: User) -> bool:
    """Staff accounts (and their passwords) are managed by superusers only."""
    return request.user.is_superuser or not _is_privileged(user)


def _run(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    service: Callable[..., Any],
    done: str,
    **extra: Any,
) -> None:
    """Call `service` for each selected user and tell staff what worked and what did not."""
    ok = 0
    for user in queryset:
        if not _may_manage(request, user):
            modeladmin.message_user(
                request,
                _("%(user)s: only a superuser acts on staff accounts.") % {"user": user},
                messages.ERROR,
            )
            continue
        try:
            service(user_id=user.pk, actor=request.user, **extra)
        except DomainError as error:
            modeladmin.message_user(request, f"{user}: {error.message}", messages.ERROR)
        else:
            ok += 1
    if ok:
        modeladmin.message_user(request, done % {"count": ok}, messages.SUCCESS)


def _reason(request: HttpRequest) -> str:
    return (request.POST.get("reason") or "").strip()


class StatusActionsMixin:
    """Transitions as permission-gated actions; the reason comes from the action bar's input."""

    action_form = AccountActionForm

    def has_review_application_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.review_application")

    def has_suspend_user_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.suspend_user")

    def has_disqualify_user_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.disqualify_user")

    def has_unlock_login_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.unlock_login")

    @admin.action(description=_("Approve the application"), permissions=["review_application"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            services.application_approve,
            _("%(count)d application(s) approved."),
            reason=_reason(request),
        )

    @admin.action(
        description=_("Reject the application (choose the ground of 3.3)"),
        permissions=["review_application"],
    )
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        code = request.POST.get("rejection_reason") or ""
        if not code:
            self.message_user(request, _("Choose a rejection ground first."), messages.ERROR)
            return
        _run(
            self,
            request,
            queryset,
            services.application_reject,
            _("%(count)d application(s) rejected."),
            reason_code=code,
            note=_reason(request),
        )

    @admin.action(description=_("Suspend (give a reason)"), permissions=["suspend_user"])
    def suspend(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            services.account_suspend,
            _("%(count)d account(s) suspended."),
            reason=_reason(request),
        )

    @admin.action(description=_("Reinstate (give a reason)"), permissions=["suspend_user"])
    def reinstate(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            services.account_reinstate,
            _("%(count)d account(s) reinstated."),
            reason=_reason(request),
        )

    @admin.action(
        description=_("Disqualify: freezes balance and goods (give a reason)"),
        permissions=["disqualify_user"],
    )
    def disqualify(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            services.account_disqualify,
            _("%(count)d account(s) disqualified."),
            reason=_reason(request),
        )

    @admin.action(
        description=_("Record the member's death (give a reason)"),
        permissions=["disqualify_user"],
    )
    def mark_deceased(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            services.account_mark_deceased,
            _("%(count)d account(s) marked deceased."),
            reason=_reason(request),
        )

    @admin.action(description=_("Unlock the login"), permissions=["unlock_login"])
    def unlock_login(self, request: HttpRequest, queryset: QuerySet) -> None:
        if not request.user.is_superuser:
            queryset = queryset.filter(is_staff=False, is_superuser=False)
        count = sum(services.login_unlock(user_id=user.pk) for user in queryset)
        self.message_user(request, _("%(count)d login(s) unlocked.") % {"count": count})


@admin.register(User)
class UserAdmin(MaskedAdminMixin, StatusActionsMixin, DjangoUserAdmin):
    # Masked for staff without privacy.view_personal_data (P(4)4); unmasking is logged. Masked
    # fields leave search (no guessing by matching), so staff find members by email or code.
    masked_fields = ("full_name", "birth_date", "phone", "guardian_name", "guardian_contact")
    personal_data_owner = ""
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "full_name",
        "member_code",
        "status",
        "is_login_locked",
        "is_staff",
        "date_joined",
    )
    list_filter = ("status", LockedFilter, "is_staff", "groups")
    search_fields = ("email", "member_code", "full_name")
    readonly_fields = (
        "status",
        "member_code",
        "approved_at",
        "rejection_reason",
        "is_active",
        "login_locked_at",
        "login_failure_summary",
        "password_changed_at",
        "dormant_warnings_sent",
        "dormant_warned_at",
        "guardian_consent_at",
        "guardian_consent",
        "guardian_relationship",
        "phone_verified_at",
        "last_login",
        "date_joined",
    )

    @admin.display(description=_("guardian's consent"))
    def guardian_consent(self, obj: User) -> str:
        return selectors.guardian_consent_state(user=obj)

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Membership"), {"fields": ("status", "member_code", "approved_at", "rejection_reason")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "birth_date",
                    "gender",
                    "phone",
                    "phone_verified_at",
                    "language",
                    "currency",
                )
            },
        ),
        (
            _("Guardian (minors)"),
            {
                "fields": (
                    "guardian_consent",
                    "guardian_name",
                    "guardian_relationship",
                    "guardian_contact",
                    "guardian_consent_at",
                )
            },
        ),
        (
            _("Security"),
            {
                "fields": (
                    "is_active",
                    "login_locked_at",
                    "login_failure_summary",
                    "password_changed_at",
                )
            },
        ),
        (_("Dormancy"), {"fields": ("dormant_warnings_sent", "dormant_warned_at")}),
        (_("Permissions"), {"fields": ("is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups",)
    inlines = (AccountEventInline, LoginFailureInline, LegalAcceptanceInline)
    actions = (
        "suspend",
        "reinstate",
        "disqualify",
        "mark_deceased",
        "unlock_login",
        "send_password_reset",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + tuple(f for f in PRIVILEGE_FIELDS if f not in readonly)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # No password field (and so no link to the set-password form) for anyone else: staff
        # send the member a reset link instead (the action "Send a password reset email").
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f != "password"]})
            for title, opts in fieldsets
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not _may_manage(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not _may_manage(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting another person's password is for superusers only; support sends a reset
        email, so the member sets it and nobody else ever knows it."""
        if not request.user.is_superuser:
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the password was set
            services.access_tokens_revoke_all(user_id=int(id))
        return response

    @admin.action(description=_("Send a password reset email"), permissions=["change"])
    def send_password_reset(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(
            self,
            request,
            queryset,
            lambda *, user_id, actor: services.password_reset_email_send(
                user_id=user_id, request=request
            ),
            _("Password reset email sent to %(count)d member(s)."),
        )

    @admin.display(boolean=True, description=_("locked"))
    def is_login_locked(self, obj: User) -> bool:
        return obj.login_locked_at is not None

    @admin.display(description=_("recent wrong passwords"))
    def login_failure_summary(self, obj: User) -> str:
        rows = list(
            obj.login_failures.order_by("-created_at").values_list("ip_address", flat=True)[:50]
        )
        if not rows:
            return "—"
        ips = sorted({str(ip) for ip in rows if ip})
        return (
            format_html_join(", ", "{}", ((ip,) for ip in ips)) + f" ({len(rows)} / {len(ips)} IP)"
        )


@admin.register(Application)
class ApplicationAdmin(MaskedAdminMixin, StatusActionsMixin, admin.ModelAdmin):
    """The queue: applications the automatic rules could not approve. Name and birthday are
    masked like on the user's page; a reviewer who needs them unmasks (logged)."""

    masked_fields = ("full_name", "birth_date")
    personal_data_owner = ""

    list_display = (
        "email",
        "full_name",
        "birth_date",
        "guardian_consent",
        "email_verified",
        "date_joined",
    )
    search_fields = ("email",)
    ordering = ("date_joined",)
    actions = ("approve", "reject")
    fields = ("email", "full_name", "birth_date", "gender", "guardian_consent", "waiting_for")
    readonly_fields = fields
    inlines = (AccountEventInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return (
            super()
            .get_queryset(request)
            .filter(status=AccountStatus.APPLIED)
            .annotate(has_verified_email=Exists(verified))
        )

    @admin.display(description=_("guardian's consent"))
    def guardian_consent(self, obj: User) -> str:
        return selectors.guardian_consent_state(user=obj)

    @admin.display(boolean=True, description=_("email verified"))
    def email_verified(self, obj: User) -> bool:
        return obj.has_verified_email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.review_application") or super().has_view_permission(
            request, obj
        )

    @admin.display(description=_("waiting for"))
    def waiting_for(self, obj: User) -> str:
        return " ".join(str(p) for p in selectors.application_problems(user=obj)) or _(
            "a staff decision"
        )


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    """Publishing a version: add a document; published versions are never edited."""

    list_display = ("kind", "version", "published_at", "published_by", "acceptance_count")
    list_filter = ("kind",)
    readonly_fields = ("version", "published_at", "published_by")
    fields = (
        "kind",
        "version",
        "body_en",
        "body_zh_hans",
        "body_ja",
        "published_at",
        "published_by",
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("accepted by"))
    def acceptance_count(self, obj: LegalDocument) -> int:
        return obj.acceptances.count()

    def save_model(self, request: HttpRequest, obj: LegalDocument, form: Any, change: bool) -> None:
        published = services.legal_document_publish(
            kind=obj.kind,
            body_en=obj.body_en,
            body_zh_hans=obj.body_zh_hans,
            body_ja=obj.body_ja,
            actor=request.user,
        )
        obj.pk, obj.version = published.pk, published.version


@admin.register(LegalAcceptance)
class LegalAcceptanceAdmin(admin.ModelAdmin):
    """Who accepted which version."""

    list_display = ("user", "document", "accepted_at")
    list_filter = ("document__kind", "document__version")
    list_select_related = ("user", "document")
    search_fields = ("user__email", "user__member_code")
    readonly_fields = ("user", "document", "accepted_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Address)
class AddressAdmin(MaskedAdminMixin, admin.ModelAdmin):
    masked_fields = ("name", "line1", "line2", "phone")
    list_display = ("user", "label", "city", "country", "is_default")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__member_code", "city", "postcode")
    autocomplete_fields = ("user",)


@admin.register(MarketingConsent)
class MarketingConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "channel", "is_granted", "updated_at")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "channel", "is_granted", "updated_at")


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "hint", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("user__email", "name", "hint")
    readonly_fields = (
        "user",
        "name",
        "hint",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
