"""Rows read as json inside another statement (core/rows.py) come back as the instances the ORM reads: every
stored field's value and type, nulls and fractions of a second included."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Model

from complaints.models import Extension, Stage
from core.rows import from_json_row, json_row, stored_fields


def read_as_json(model: type[Model], pk: int) -> Model:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {json_row(model, 'r')} FROM {model._meta.db_table} r WHERE r.id = %s", [pk])  # noqa: S608
        [(row,)] = cursor.fetchall()
    return from_json_row(model, row)


def same_as_the_orm(instance: Model) -> None:
    model = type(instance)
    by_orm = model.objects.get(pk=instance.pk)
    by_json = read_as_json(model, instance.pk)
    for field in stored_fields(model):
        value = getattr(by_json, field.attname)
        assert value == getattr(by_orm, field.attname), field.name
        assert type(value) is type(getattr(by_orm, field.attname)), field.name
    assert not by_json._state.adding


@pytest.mark.django_db
def test_a_row_read_as_json_is_the_row_the_orm_reads(log_complaint, officer):
    stage = log_complaint().current_stage
    extension = Extension.objects.create(
        stage=stage,
        working_days=5,
        reason="Waiting for the contractor's report.",
        beyond_cap=False,
        granted_by=officer,
        previous_due=datetime.date(2026, 2, 16),
        new_due=datetime.date(2026, 2, 23),
        resident_informed_on=datetime.date(2026, 2, 9),
        ombudsman_details_given=True,
        update_interval=5,
    )
    # PostgreSQL writes a fraction of a second with no trailing zeros (".12"), and none at all when it is zero.
    for at in [
        datetime.datetime(2026, 2, 9, 9, 30, 0, 120000, tzinfo=datetime.UTC),
        datetime.datetime(2026, 2, 9, tzinfo=datetime.UTC),
    ]:
        Extension.objects.filter(pk=extension.pk).update(created_at=at)
        same_as_the_orm(extension)
        assert read_as_json(Extension, extension.pk).created_at == at
    same_as_the_orm(Stage.objects.get(pk=stage.pk))
