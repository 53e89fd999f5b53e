from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("legal/<slug:kind>/", views.legal, name="legal"),
]
