from django.urls import path

from parcels import views

app_name = "parcels"
urlpatterns = [path("", views.parcel_list, name="list")]
