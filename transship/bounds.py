"""The largest numbers a request may carry: the range of the database column that stores them.

Django's model fields validate against the *current* backend's range, and SQLite's is 64-bit, so a
number that fits in development overflows PostgreSQL's `integer` in production (a 500). Forms and
serializers that are not built from a model field name their bound from here instead."""

INT_MAX = 2**31 - 1  # integer: IntegerField, PositiveIntegerField (weights, sizes, quantities)
SMALLINT_MAX = 2**15 - 1  # smallint: PositiveSmallIntegerField
ID_MAX = 2**63 - 1  # bigint: every primary key (BigAutoField) and BigIntegerField
MONEY_MAX_DIGITS = 14  # transship.money.MoneyField: numeric(14, 0)
MONEY_MAX = 10**MONEY_MAX_DIGITS - 1
