import pytest

from tests.shipping.factories import ems_service, sal_service


@pytest.fixture
def ems(db):
    return ems_service()


@pytest.fixture
def sal(db):
    return sal_service()
