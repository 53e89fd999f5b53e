"""CSV import/export of rate tables (django-import-export).

One row per weight step: service code, effective date, zone code, zone countries, up-to weight,
price. Importing a file with a new effective date creates a new table version; zones are created
or their countries updated."""

from datetime import date

from import_export import fields, resources

from shipping.models import CarrierService, Rate, RateTable, Zone


class RateResource(resources.ModelResource):
    service = fields.Field(attribute="table__service__code", column_name="service")
    effective_from = fields.Field(attribute="table__effective_from", column_name="effective_from")
    zone = fields.Field(attribute="zone__code", column_name="zone")
    countries = fields.Field(column_name="countries")
    max_weight_g = fields.Field(attribute="max_weight_g", column_name="max_weight_g")
    price = fields.Field(attribute="price", column_name="price_jpy")

    class Meta:
        model = Rate
        fields = ("service", "effective_from", "zone", "countries", "max_weight_g", "price")
        export_order = fields
        import_id_fields = ()
        skip_unchanged = False

    def dehydrate_countries(self, rate: Rate) -> str:
        return " ".join(c.code for c in rate.zone.countries)

    def get_export_queryset(self, request=None):
        return Rate.objects.select_related("table__service", "zone").order_by(
            "table__service__code", "table__effective_from", "zone__code", "max_weight_g"
        )

    def get_or_init_instance(self, instance_loader, row):
        service = CarrierService.objects.get(code=row["service"].strip())
        table, _ = RateTable.objects.get_or_create(
            service=service, effective_from=date.fromisoformat(str(row["effective_from"]).strip())
        )
        zone, _ = Zone.objects.get_or_create(service=service, code=str(row["zone"]).strip())
        countries = str(row.get("countries") or "").replace(",", " ").split()
        if countries and sorted(c.code for c in zone.countries) != sorted(countries):
            zone.countries = [c.upper() for c in countries]
            zone.save(update_fields=["countries"])
        weight = int(row["max_weight_g"])
        existing = Rate.objects.filter(table=table, zone=zone, max_weight_g=weight).first()
        if existing is not None:
            return existing, False
        return Rate(table=table, zone=zone, max_weight_g=weight), True

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in ("price_jpy",):
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        return None  # service/table/zone/countries/weight were resolved in get_or_init_instance
