"""Factories for payment plans (the rest come from tests.factories)."""

import datetime as dt

import factory

from arrangements.models import Arrangement, ArrangementStateChange, CounterOffer
from tests.factories import AccountFactory, TenancyFactory


class ArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arrangement
        skip_postgeneration_save = True

    tenancy = factory.SubFactory(TenancyFactory)
    amount_pence = 1000
    frequency = "weekly"
    start_on = dt.date(2026, 11, 27)
    covers_charge = False
    charge_pence = 0
    payment_method = "card"
    proposed_amount_pence = factory.SelfAttribute("amount_pence")
    proposed_frequency = factory.SelfAttribute("frequency")
    starting_balance_pence = 19000
    balance_on = dt.date(2026, 11, 20)
    status = Arrangement.Status.PROPOSED

    @factory.post_generation
    def accounts(self, create, extracted, **kwargs):
        if not create:
            return
        self.accounts.set(extracted or [AccountFactory(tenancy=self.tenancy)])
        ArrangementStateChange.objects.create(
            arrangement=self, from_status="", to_status=self.status, on=self.balance_on
        )


class CounterOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterOffer

    arrangement = factory.SubFactory(ArrangementFactory)
    amount_pence = 1500
    frequency = "weekly"
