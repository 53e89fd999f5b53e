"""The largest numbers a request may carry: the range of the database column that stores them.

Django's model fields validate against the *current* backend's range, and SQLite's is 64-bit, so a
number that fits in development overflows PostgreSQL's `integer` in production (a 500). Forms and
serializers that are not built from a model field name their bound from here instead."""

INT_MAX = 2**31 - 1  # integer: IntegerField, PositiveIntegerField (weights, sizes, quantities)
SMALLINT_MAX = 2**15 - 1  # smallint: PositiveSmallIntegerField
ID_MAX = 2**63 - 1  # bigint: every primary key (BigAutoField) and BigIntegerField
MONEY_MAX_DIGITS = 14  # transship.money.MoneyField: numeric(14, 0)
MONEY_MAX = 10**MONEY_MAX_DIGITS - 1


def upload_size_validate(upload: object) -> None:
    """Refuse a staff upload (photo, CSV) larger than STAFF_UPLOAD_MAX_BYTES, with a message."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    limit = settings.STAFF_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", 0) or 0
    if size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; files up to %(limit)s are accepted.")
            % {
                "name": getattr(upload, "name", _("The file")),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            code="file_too_large",
        )
