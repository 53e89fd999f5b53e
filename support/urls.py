from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("new/", views.conversation_new, name="new"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("password-known/", views.compromised, name="compromised"),
    path("password-known/report/", views.compromised_by_email, name="compromised_by_email"),
    path("notices/<int:pk>/dismiss/", views.notice_dismiss, name="notice_dismiss"),
    path("inbound/mailgun/", views.inbound_mailgun, name="inbound_mailgun"),
]
