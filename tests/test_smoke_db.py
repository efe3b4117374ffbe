import pytest

from complaints.models import NationRegime


@pytest.mark.django_db
def test_every_nation_has_a_regime():
    assert NationRegime.objects.get(nation="scotland").regime.code == "spso_model_procedure"
    assert NationRegime.objects.count() == 4
