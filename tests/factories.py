from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from complaints.models import Home, Resident
from core import roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@landlord.example")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    address = factory.Faker("street_address", locale="en_GB")
    postcode = factory.Faker("postcode", locale="en_GB")
    nation = "england"


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda r: f"{r.name.split()[0].lower()}@resident.example")
    phone = "07700 900123"
    home = factory.SubFactory(HomeFactory)
    preferred_contact = "email"


def officer(**kwargs):
    return UserFactory(role=roles.OFFICER, **kwargs)


def senior_manager(**kwargs):
    return UserFactory(role=roles.SENIOR_MANAGER, **kwargs)
