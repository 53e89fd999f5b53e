from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/download/", views.request_download, name="request_download"),
    path("export/<str:token>/", views.export_download, name="export_download"),
]
