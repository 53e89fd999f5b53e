import pytest

from privacy import demo
from privacy.models import PrivacyRequest, SecurityIncident
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent(customer):
    users = {"customer": customer, "support": StaffFactory(groups=["Support agent"])}

    demo.seed(users=users, password="x", logins=[])
    demo.seed(users=users, password="x", logins=[])

    assert PrivacyRequest.objects.count() == 3
    assert SecurityIncident.objects.count() == 1
