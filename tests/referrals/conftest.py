import pytest

from tests.factories import LedgerEntryFactory, tenant_with_account


@pytest.fixture
def household(db):
    """A tenant linked to a tenancy whose rent account owes £950.00."""
    user, account = tenant_with_account()
    LedgerEntryFactory(account=account, amount_pence=95_000)
    return user, account.tenancy


@pytest.fixture
def office_email(settings):
    settings.REFERRALS_OFFICE_EMAIL = "referrals@cab.example"
    settings.REFERRALS_CHANNEL = "referrals.channels.EmailChannel"
    settings.REFERRALS_MAX_RETRIES = 3
    return settings.REFERRALS_OFFICE_EMAIL


class FailingChannel:
    """A channel whose every send fails, counting the tries."""

    calls = 0

    def send(self, referral, snapshot):
        type(self).calls += 1
        raise ConnectionError("smtp down")


class FlakyChannel:
    """Fails the first time, then delivers through the email channel."""

    calls = 0

    def send(self, referral, snapshot):
        type(self).calls += 1
        if type(self).calls == 1:
            raise TimeoutError("slow")
        from referrals.channels import EmailChannel

        EmailChannel().send(referral, snapshot)
