"""factory_boy factories for the whole suite."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.models import Account, LedgerEntry, Tenancy, TenancyMember, User

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary email, as allauth requires before sign-in."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class TenancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenancy

    reference = factory.Sequence(lambda n: f"T{n:06d}")
    address_line_1 = factory.Sequence(lambda n: f"{n} Canal Street")
    town = "Manchester"
    postcode = "M1 3HE"
    start_date = dt.date(2020, 4, 6)
    bedrooms = 2
    weekly_rent_pence = 9500


class TenancyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenancyMember

    tenancy = factory.SubFactory(TenancyFactory)
    name = factory.Faker("name", locale="en_GB")
    date_of_birth = dt.date(1985, 3, 27)
    role = TenancyMember.Role.LEAD
    user = None


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    tenancy = factory.SubFactory(TenancyFactory)
    kind = Account.Kind.RENT
    reference = factory.Sequence(lambda n: f"A{n:07d}")


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    account = factory.SubFactory(AccountFactory)
    amount_pence = 9500
    posted_on = dt.date(2026, 11, 2)
    kind = LedgerEntry.Kind.CHARGE
    description = "Rent"
    source = LedgerEntry.Source.HMS
    external_id = factory.Sequence(lambda n: f"E{n:09d}")


def tenant_with_account(**account_kwargs):
    """A verified tenant linked as lead tenant to a tenancy with one account."""
    user = UserFactory()
    account = AccountFactory(**account_kwargs)
    TenancyMemberFactory(tenancy=account.tenancy, user=user)
    return user, account


def add_to_group(user, name):
    group, _ = Group.objects.get_or_create(name=name)
    user.groups.add(group)
    return user
