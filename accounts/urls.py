from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("application/guardian/", views.guardian_consent, name="guardian_consent"),
    path(
        "application/guardian/<str:token>/",
        views.guardian_consent_confirm,
        name="guardian_consent_confirm",
    ),
    path("legal/accept/", views.legal_accept, name="legal_accept"),
    path("legal/<slug:kind>/", views.legal, name="legal"),
    path("profile/", views.profile, name="profile"),
    path("phone/", views.phone_verification, name="phone"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/new/", views.address_edit, name="address_add"),
    path("addresses/<int:pk>/", views.address_edit, name="address_edit"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("marketing/", views.marketing, name="marketing"),
    path("security/", views.security, name="security"),
    path("close/", views.withdraw, name="withdraw"),
    path("cookies/", views.cookie_consent, name="cookie_consent"),
]
