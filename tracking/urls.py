from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("claims/", views.claim_list, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/photos/<int:photo_id>/", views.claim_photo, name="claim_photo"),
    path("notifications/", views.preferences, name="preferences"),
]
