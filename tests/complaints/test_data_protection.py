from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from complaints import data_protection
from privacy.models import Anonymisation, SpecialCategoryView


def test_showing_special_category_data_is_logged_by_privacy(officer, resident):
    assert data_protection.special_category_views_record(viewer=officer, residents=[resident], shown_on="Test") == 1
    assert SpecialCategoryView.objects.get().resident == resident


def test_a_resident_is_anonymised_once_privacy_records_it(resident):
    assert not data_protection.resident_is_anonymised(resident)
    Anonymisation.objects.create(resident=resident, cause=Anonymisation.Cause.ERASURE)
    assert data_protection.resident_is_anonymised(resident)


def test_nothing_is_shown_unlogged_when_privacy_has_not_connected(monkeypatch, officer, resident):
    monkeypatch.setattr(data_protection, "_keeper", None)
    with pytest.raises(ImproperlyConfigured, match="privacy"):
        data_protection.special_category_views_record(viewer=officer, residents=[resident], shown_on="Test")
    with pytest.raises(ImproperlyConfigured, match="privacy"):
        data_protection.resident_is_anonymised(resident)
