"""The benchmark's generator writes consistent cases the figures can count."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import F

from complaints.models import Complaint, Stage
from reporting import figures, tsm
from reporting.periods import Period


def test_the_generator_writes_complaints_with_their_stages_and_the_figures_count_them(db):
    call_command("generate_complaints", count=700, stdout=io.StringIO())

    assert Complaint.objects.count() == 700
    assert Stage.objects.filter(number=1).count() == 700
    assert Stage.objects.filter(number=2).count() == Complaint.objects.filter(stage=2).count() > 0
    assert not Complaint.objects.exclude(current_stage__complaint_id=F("id")).exists()
    first = Complaint.objects.earliest("received_on").received_on
    last = Complaint.objects.latest("received_on").received_on
    total = figures.summary(period=Period.custom(first, last), as_of=last).total.counts
    assert total["received_stage_1"] == 700
    assert total["responded"] > 0 and total["extended"] > 0 and total["upheld"] > 0
    assert tsm.measures(year=2025).ch01[2].numerator > 0
