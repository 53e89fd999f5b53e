"""The permission matrix of the staff admin, as data: role × admin page × action.

Every model registered in the admin has a row for every role (a model registered without one fails
`test_every_registered_admin_model_has_a_row`), and every cell is checked by requesting the admin's
own URLs as that role (see `admin_matrix.py` for how a cell is observed). A row reads
`role: (letters, actions)`: the letters of view/add/change/delete the role may do on the model's
admin, and the admin actions its change list offers that role. Custom staff screens (intake,
packing, CSV import/export, …) are in `SCREENS`: which roles may open them.

Roles are the groups the data migration creates, with the permissions each AppConfig declares in
`role_permissions`; "superuser" is a superuser without any group. Changing a right means changing
this table in the same commit, so a review sees it."""

import pytest
from django.contrib import admin

from privacy import services as privacy_services
from tests.factories import StaffFactory, UserFactory
from tests.platform.admin_matrix import (
    MISSING_PK,
    observe_model,
    observe_screen,
    registered_models,
)

pytestmark = pytest.mark.django_db

W, S, F, SU = "Warehouse staff", "Support agent", "Finance", "superuser"
ROLES = (W, S, F, SU)

MATRIX = {
    "account.emailaddress": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected", "make_verified")),
    },
    "accounts.accesstoken": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "accounts.address": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "accounts.application": {
        W: ("", ()),
        S: ("v", ("approve", "reject")),
        F: ("", ()),
        SU: ("vc", ("approve", "reject")),
    },
    "accounts.legalacceptance": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("vc", ()),
    },
    "accounts.legaldocument": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("vac", ()),
    },
    "accounts.marketingconsent": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "accounts.user": {
        W: ("v", ()),
        S: ("vc", ("reinstate", "send_password_reset", "suspend", "unlock_login")),
        F: ("v", ("reinstate", "suspend")),
        SU: (
            "vacd",
            (
                "delete_selected",
                "disqualify",
                "mark_deceased",
                "reinstate",
                "send_password_reset",
                "suspend",
                "unlock_login",
            ),
        ),
    },
    "auth.group": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "billing.balanceaccount": {
        W: ("", ()),
        S: ("", ()),
        F: ("v", ()),
        SU: ("vcd", ("delete_selected",)),
    },
    "billing.bankaccount": {
        W: ("", ()),
        S: ("", ()),
        F: ("v", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "billing.coupon": {
        W: ("", ()),
        S: ("", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "billing.exchangerate": {
        W: ("", ()),
        S: ("", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "billing.invoice": {
        W: ("v", ()),
        S: ("v", ()),
        F: ("vc", ("void_invoices",)),
        SU: ("vcd", ("delete_selected", "void_invoices")),
    },
    "billing.ledgerentry": {
        W: ("", ()),
        S: ("v", ()),
        F: ("v", ()),
        SU: ("v", ()),
    },
    "billing.payment": {
        W: ("", ()),
        S: ("v", ()),
        F: ("v", ()),
        SU: ("vd", ("delete_selected",)),
    },
    "billing.remittance": {
        W: ("", ()),
        S: ("", ()),
        F: ("v", ("mark_paid",)),
        SU: ("vcd", ("delete_selected", "mark_paid")),
    },
    "billing.settlement": {
        W: ("", ()),
        S: ("", ()),
        F: ("v", ()),
        SU: ("vcd", ("delete_selected",)),
    },
    "billing.stripeevent": {
        W: ("", ()),
        S: ("", ()),
        F: ("v", ()),
        SU: ("vcd", ("delete_selected",)),
    },
    "constance.config": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vc", ()),
    },
    "django_celery_beat.clockedschedule": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "django_celery_beat.crontabschedule": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "django_celery_beat.intervalschedule": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "django_celery_beat.periodictask": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: (
            "vacd",
            ("delete_selected", "disable_tasks", "enable_tasks", "run_tasks", "toggle_tasks"),
        ),
    },
    "django_celery_beat.solarschedule": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "mfa.authenticator": {
        W: ("", ()),
        S: ("", ()),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "notifications.notification": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("vd", ("delete_selected",)),
    },
    "parcels.extraservice": {
        W: ("v", ()),
        S: ("v", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "parcels.parcel": {
        W: ("vc", ("release_hold", "send_to_disposal")),
        S: ("v", ()),
        F: ("v", ()),
        SU: ("vcd", ("delete_selected", "release_hold", "send_to_disposal")),
    },
    "parcels.parcelextra": {
        W: ("vc", ("mark_done",)),
        S: ("v", ()),
        F: ("v", ()),
        SU: ("vcd", ("delete_selected", "mark_done")),
    },
    "parcels.shipment": {
        W: ("vc", ("cancel", "start_packing")),
        S: ("v", ()),
        F: ("v", ()),
        SU: ("vcd", ("cancel", "delete_selected", "start_packing")),
    },
    "privacy.deletionnotice": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("v", ()),
    },
    "privacy.disclosure": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("v", ()),
    },
    "privacy.erasure": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("v", ()),
    },
    "privacy.personaldataaccess": {
        W: ("", ()),
        S: ("v", ()),
        F: ("", ()),
        SU: ("v", ()),
    },
    "privacy.privacyrequest": {
        W: ("", ()),
        S: ("vc", ("assign_to_me", "charge_fee")),
        F: ("v", ()),
        SU: ("vc", ("assign_to_me", "charge_fee")),
    },
    "privacy.securityincident": {
        W: ("", ()),
        S: ("vac", ("notify_users",)),
        F: ("", ()),
        SU: ("vacd", ("delete_selected", "notify_users")),
    },
    "shipping.carrierservice": {
        W: ("v", ()),
        S: ("v", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "shipping.rate": {
        W: ("v", ()),
        S: ("", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "shipping.ratetable": {
        W: ("v", ()),
        S: ("", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "shipping.zone": {
        W: ("v", ()),
        S: ("", ()),
        F: ("vac", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "support.abuseflag": {
        W: ("", ()),
        S: ("va", ()),
        F: ("", ()),
        SU: ("va", ()),
    },
    "support.cannedreply": {
        W: ("", ()),
        S: ("vacd", ("delete_selected",)),
        F: ("", ()),
        SU: ("vacd", ("delete_selected",)),
    },
    "support.compromisereport": {
        W: ("", ()),
        S: ("v", ("restore",)),
        F: ("", ()),
        SU: ("v", ("restore",)),
    },
    "support.conversation": {
        W: ("", ()),
        S: ("vc", ("assign_to_me", "resolve")),
        F: ("", ()),
        SU: ("vc", ("assign_to_me", "resolve")),
    },
    "support.servicenotice": {
        W: ("v", ()),
        S: ("vac", ("publish", "withdraw")),
        F: ("v", ()),
        SU: ("vacd", ("delete_selected", "publish", "withdraw")),
    },
}

# Custom staff screens: url name -> (arguments, method, roles that may open it).
# "customer" and "privacy_request" are objects made by the test; MISSING_PK is an id that does not
# exist (the screen checks the permission first, then answers 404).
SCREENS = {
    "parcels_parcel_intake": ((), "get", {W, SU}),
    "parcels_parcel_disposal": ((), "get", {W, SU}),
    "parcels_parcel_desk": ((MISSING_PK,), "get", {W, SU}),
    "parcels_shipment_packing": ((), "get", {W, S, F, SU}),
    "parcels_shipment_pack": ((MISSING_PK,), "get", {W, SU}),
    "parcels_shipment_pick_list": ((MISSING_PK,), "get", {W, SU}),
    "parcels_shipment_waybill": ((MISSING_PK,), "get", {W, SU}),
    "parcels_shipment_customs": ((MISSING_PK,), "get", {W, SU}),
    "billing_invoice_special_expense": ((), "get", {F, SU}),
    "billing_invoice_refund": ((MISSING_PK,), "get", {F, SU}),
    "billing_ledgerentry_adjust": ((), "get", {F, SU}),
    "shipping_rate_import": ((), "get", {F, SU}),
    "shipping_rate_process_import": ((), "post", {F, SU}),
    "shipping_rate_export": ((), "get", {W, F, SU}),
    "privacy_privacyrequest_step": (("privacy_request", "verify"), "get", {S, SU}),
    "support_conversation_write": ((MISSING_PK,), "post", {S, SU}),
    "auth_user_password_change": (("customer",), "get", {SU}),
}


def _login(client, role: str):
    staff = StaffFactory(is_superuser=True) if role == SU else StaffFactory(groups=[role])
    client.force_login(staff)
    return staff


def test_every_registered_admin_model_has_a_row_for_every_role():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered - set(MATRIX) == set(), "admin models without a row in MATRIX"
    assert set(MATRIX) - registered == set(), "rows in MATRIX for models not in the admin"
    for label, row in MATRIX.items():
        assert set(row) == set(ROLES), f"{label}: give every role a cell"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label_lower)
def test_the_admin_answers_each_role_as_the_matrix_says(client, model, role):
    _login(client, role)

    observed = observe_model(client, model)

    assert observed == MATRIX[model._meta.label_lower][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_custom_staff_screens_open_for_the_roles_the_matrix_names(client, screen, role):
    args, method, allowed = SCREENS[screen]
    objects = {
        "customer": lambda: UserFactory().pk,
        "privacy_request": lambda: (
            privacy_services.privacy_request_create(user=UserFactory(), kind="access").pk
        ),
    }
    args = tuple(objects[a]() if a in objects else a for a in args)
    _login(client, role)

    assert observe_screen(client, screen, args, method) == (role in allowed)
