"""Generic reading and scrubbing of personal-data rows, shared by the apps' `personal_data`
modules (their `export` and `erase` hooks, which privacy calls through the AppConfig registry)."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

SECRET_WORDS = ("password", "digest", "secret", "token", "otp")


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, bytes | memoryview):
        return None
    return str(value)


def is_secret(field: models.Field) -> bool:
    return any(word in field.name.lower() for word in SECRET_WORDS)


def row_dict(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete, non-secret column of `obj`, JSON-safe (foreign keys as ids)."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or is_secret(field) or isinstance(field, models.BinaryField):
            continue
        key = field.attname if field.is_relation else field.name
        row[key] = _json_safe(getattr(obj, field.attname))
    return row


def rows(queryset: models.QuerySet, *, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [row_dict(obj, exclude=exclude) for obj in queryset.order_by("pk")]


def _unique_together_names(model: type[models.Model]) -> set[str]:
    names: set[str] = set()
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    for group in model._meta.unique_together:
        names.update(group)
    return names


def scrub_values(model: type[models.Model], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The UPDATE that anonymizes a model's free text: every text column that is not a choice,
    not part of a uniqueness rule and not kept becomes empty; IPs become null; JSON empties."""
    protected = _unique_together_names(model) | set(keep)
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in protected or field.unique:
            continue
        if getattr(field, "choices", None):
            continue
        if isinstance(field, models.GenericIPAddressField):
            if field.null:
                values[field.name] = None
        elif isinstance(field, models.JSONField):
            values[field.name] = {} if isinstance(field.get_default(), dict) else []
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = None if field.null else ""
    return values


def scrub(queryset: models.QuerySet, *, keep: tuple[str, ...] = (), **extra: Any) -> int:
    """Anonymize the free text of every row in `queryset` (see `scrub_values`)."""
    values = {**scrub_values(queryset.model, keep=keep), **extra}
    return queryset.update(**values) if values else 0


def user_foreign_keys(model: type[models.Model], user_model: type[models.Model]) -> list[str]:
    """Names of the foreign keys by which a row belongs to a user ("user", "owner", "customer")."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model is user_model
        and field.name in {"user", "owner", "customer", "subject"}
    ]
