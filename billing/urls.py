from django.urls import path

from billing import views

app_name = "billing"
urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/pay/", views.invoice_pay, name="invoice_pay"),
    path("invoices/<int:pk>/coupon/", views.invoice_coupon, name="invoice_coupon"),
    path("invoices/<int:pk>/points/", views.invoice_points, name="invoice_points"),
    path("invoices/<int:pk>/approve/", views.invoice_approve, name="invoice_approve"),
    path("invoices/<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("statement/", views.statement, name="statement"),
    path("bank-account/", views.bank_account, name="bank_account"),
    path("payments/<str:number>/test/", views.test_payment, name="test_payment"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("rates/", views.rates, name="rates"),
    path("currency/", views.currency_set, name="currency"),
    path("settlements/<int:parcel_id>/", views.settlement, name="settlement"),
]
