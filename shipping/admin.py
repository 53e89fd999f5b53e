"""Staff UI of shipping: carrier services with their zones, rate tables, and rates with CSV
import/export (the rights an import needs are spelled out in `RateAdmin.has_import_permission`)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.http import HttpRequest
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from shipping.models import CarrierService, Rate, RateTable, Zone
from shipping.resources import RateResource
from transship import bounds


# --- Price list ----------------------------------------------------------------------------------
class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


@admin.register(CarrierService)
class CarrierServiceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "carrier",
        "volumetric_divisor",
        "max_weight_g",
        "transit_days",
        "carries_batteries",
        "is_active",
        "position",
    )
    list_editable = ("is_active", "position")
    search_fields = ("name", "code", "carrier")
    inlines = (ZoneInline,)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("__str__", "service", "code")
    list_select_related = ("service",)
    list_filter = ("service",)
    search_fields = ("code", "service__code")


class RateInline(admin.TabularInline):
    model = Rate
    extra = 0
    autocomplete_fields = ("zone",)


@admin.register(RateTable)
class RateTableAdmin(admin.ModelAdmin):
    list_display = ("service", "effective_from", "note", "created_at")
    list_select_related = ("service",)
    list_filter = ("service",)
    search_fields = ("service__code", "service__name")
    readonly_fields = ("created_at",)
    inlines = (RateInline,)


class RateImportForm(ImportForm):
    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        bounds.upload_size_validate(upload)
        return upload


@admin.register(Rate)
class RateAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = (RateResource,)
    import_form_class = RateImportForm
    list_display = ("table", "zone", "max_weight_g", "price")
    list_select_related = ("table__service", "zone__service")
    list_filter = ("table__service", "table__effective_from")
    search_fields = ("zone__code", "table__service__code")
    autocomplete_fields = ("zone",)

    def has_import_permission(self, request: HttpRequest) -> bool:
        """An import updates existing prices and creates tables and zones (and changes a zone's
        countries): it needs every one of those rights, not only adding rates."""
        needed = [
            ("add", Rate),
            ("change", Rate),
            ("add", RateTable),
            ("add", Zone),
            ("change", Zone),
        ]
        return super().has_import_permission(request) and all(
            request.user.has_perm(f"{m._meta.app_label}.{get_permission_codename(a, m._meta)}")
            for a, m in needed
        )
