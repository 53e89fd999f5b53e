from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
