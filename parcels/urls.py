from django.urls import path

from parcels import views

app_name = "parcels"
urlpatterns = [
    path("", views.parcel_list, name="list"),
    path("declare/", views.declaration_create, name="declare"),
    path("<int:pk>/", views.parcel_detail, name="detail"),
    path("<int:pk>/edit/", views.declaration_edit, name="edit"),
    path("<int:pk>/resolve/", views.hold_resolve, name="resolve"),
    path("<int:pk>/extras/", views.extra_order, name="extra"),
    path("photos/<int:photo_id>/", views.photo, name="photo"),
    path("shipments/", views.shipment_list, name="shipments"),
    path("shipments/new/", views.shipment_request, name="ship"),
    path("shipments/<int:pk>/", views.shipment_detail, name="shipment"),
    path("shipments/<int:pk>/cancel/", views.shipment_cancel, name="cancel"),
    path("track/", views.track, name="track"),
]
