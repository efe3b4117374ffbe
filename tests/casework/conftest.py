import pytest


@pytest.fixture
def as_officer(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    return client


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}
