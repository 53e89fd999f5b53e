import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


def test_staff_land_on_a_dashboard_with_their_work(client, staff_user):
    config = apps.get_app_config("notifications")
    config.staff_links = (
        {
            "label": "Outbox",
            "url_name": "admin:notifications_notification_changelist",
            "roles": ("Warehouse staff",),
            "help": "Messages waiting to go out",
        },
        {"label": "Finance only", "url_name": "admin:index", "roles": ("Finance",)},
    )
    client.force_login(staff_user)
    try:
        page = client.get("/admin/").content.decode()
    finally:
        del config.staff_links

    assert "Your work" in page
    assert "Outbox" in page
    assert "Finance only" not in page


def test_a_customer_cannot_enter_the_admin(client, user):
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("Warehouse staff", ["Intake scan", "Packing queue", "Disposal queue"], ["Remittances"]),
        ("Support agent", ["Privacy requests", "Application queue"], ["Intake scan"]),
        ("Finance", ["Invoices", "Remittances"], ["Intake scan", "Packing queue"]),
    ],
)
def test_each_role_sees_links_to_its_own_queues(client, role, expected, absent):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(groups=[role]))

    page = client.get("/admin/").content.decode()

    for label in expected:
        assert label in page
    for label in absent:
        assert label not in page
