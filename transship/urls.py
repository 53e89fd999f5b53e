from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from transship import metrics, views

admin.site.site_header = "Transship Japan — staff"
admin.site.site_title = "Transship Japan staff"
admin.site.index_title = "Dashboard"

api_v1 = [
    path("", include("accounts.api")),
    path("", include("notifications.api")),
    path("", include("parcels.api")),
    path("", include("parcels.plans_api")),
    path("", include("billing.api")),
    path("", include("privacy.api")),
    path("", include("support.api")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The language switch: accounts' wrapper of Django's set_language (a member's choice is saved).
    path("i18n/", include("accounts.language_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("messages/", include("notifications.urls")),
    path("parcels/", include("parcels.urls")),
    path("billing/", include("billing.urls")),
    path("privacy/", include("privacy.urls")),
    path("support/", include("support.urls")),
    path("admin/login/", views.admin_login, name="admin_login"),  # before the admin's own
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "transship.views.error_400"
handler403 = "transship.views.error_403"
handler404 = "transship.views.error_404"
handler500 = "transship.views.error_500"
