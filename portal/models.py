"""The tenant's home: logins, tenancies, the accounts on them and the append-only ledger."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login. Tenants, officers and editors all sign in with their email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)
    # The language they chose (the switcher, or the one they signed up in); blank until then.
    # Emails sent without a request (Celery) go out in it. See portal/person_language.py.
    language = models.CharField(max_length=10, blank=True, choices=settings.LANGUAGES)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class Tenancy(models.Model):
    """A tenancy as the housing management system knows it, keyed by its reference."""

    reference = models.CharField(max_length=40, unique=True)
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    bedrooms = models.PositiveSmallIntegerField(default=1)
    weekly_rent_pence = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "tenancies"

    def __str__(self) -> str:
        return self.reference

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)


class TenancyMember(models.Model):
    """A person on a tenancy. Lead and joint tenants may link their login to it."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead tenant"
        JOINT = "joint", "Joint tenant"
        OCCUPANT = "occupant", "Occupant"

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField()
    role = models.CharField(max_length=10, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tenancy_memberships",
    )
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenancy", "name", "date_of_birth"], name="unique_member_per_tenancy"
            ),
            models.UniqueConstraint(
                fields=["tenancy", "user"],
                condition=Q(user__isnull=False),
                name="one_link_per_user_per_tenancy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.tenancy.reference}"

    @property
    def may_link(self) -> bool:
        return self.role in (self.Role.LEAD, self.Role.JOINT)


class Account(models.Model):
    """One thing a tenancy owes on: rent, a garage, court costs and so on."""

    class Kind(models.TextChoices):
        RENT = "rent", _("Rent")
        SERVICE_CHARGE = "service_charge", _("Service charges")
        GARAGE = "garage", _("Garage rent")
        RECHARGEABLE_REPAIRS = "rechargeable_repairs", _("Rechargeable repairs")
        FORMER_TENANT_ARREARS = "former_tenant_arrears", _("Former tenant arrears")
        HB_OVERPAYMENT = "hb_overpayment", _("Housing Benefit overpayment")
        COURT_COSTS = "court_costs", _("Court costs")

    # Accounts charged every period, where "weeks in arrears" means something.
    PERIODIC_KINDS = frozenset({Kind.RENT, Kind.SERVICE_CHARGE, Kind.GARAGE})

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="accounts")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tenancy_id", "id"]

    def __str__(self) -> str:
        return self.reference


class LedgerEntry(models.Model):
    """One line of an account's history. Append-only: a correction is a new entry.

    `amount_pence` is positive when the tenant owes more (a charge) and negative for money in
    (a payment, a benefit credit). `(source, external_id, kind)` is unique, so importing a file
    twice or handling a webhook twice can never add an entry twice. A provisional entry made by
    the portal (a card payment) is superseded once the housing system confirms it; a superseded
    entry no longer counts towards the balance.
    """

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Charge")
        PAYMENT = "payment", _("Payment")
        ADJUSTMENT = "adjustment", _("Adjustment")
        WRITEOFF = "writeoff", _("Write-off")
        REFUND = "refund", _("Refund")
        BENEFIT_CREDIT = "benefit_credit", _("Benefit credit")

    class Source(models.TextChoices):
        HMS = "hms", "Housing system"
        PORTAL = "portal", "Portal"
        STRIPE = "stripe", "Card or Direct Debit"

    # The three references below are enforced by the database, but by triggers instead of
    # foreign-key constraints (migration 0008): a constraint checks each inserted row on its
    # own, which cost the HMS import about 10 µs a row; the triggers check a whole statement's
    # rows at once and take the same locks. Hence db_constraint=False.
    # Indexed by ledger_account_posted, which starts with account: a second index on account
    # alone would only slow every insert (the HMS import inserts millions).
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
        db_constraint=False,
    )
    amount_pence = models.BigIntegerField()
    posted_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    external_id = models.CharField(max_length=100)
    # The housing system's note of which portal payment an entry confirms: a Stripe
    # PaymentIntent ("pi_..."), refund ("re_...") or dispute ("dp_...") id. Blank otherwise.
    # The portal entry with that id stops counting (superseded_by), whichever arrives first.
    payment_ref = models.CharField(max_length=100, blank=True, default="")
    # Almost always NULL: partial indexes (below) cover the few rows that are set.
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversals",
        db_index=False,
        db_constraint=False,
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        db_index=False,
        db_constraint=False,
    )
    # Provenance only. No database constraint or index: import runs are never deleted, and
    # checking the reference on each of millions of imported rows costs more than it protects.
    import_run = models.ForeignKey(
        "ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "ledger entries"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id", "kind"], name="ledger_entry_unique_business_key"
            ),
            models.CheckConstraint(condition=~Q(amount_pence=0), name="ledger_entry_not_zero"),
        ]
        indexes = [
            models.Index(fields=["account", "posted_on", "id"], name="ledger_account_posted"),
            models.Index(
                fields=["reverses"], condition=Q(reverses__isnull=False), name="ledger_reverses"
            ),
            models.Index(
                fields=["superseded_by"],
                condition=Q(superseded_by__isnull=False),
                name="ledger_superseded_by",
            ),
            # Only the few rows that carry a payment reference: a card payment credited after
            # the housing system's copy looks its copy up here.
            models.Index(
                fields=["payment_ref"], condition=~Q(payment_ref=""), name="ledger_payment_ref"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account.reference} {self.posted_on} {self.amount_pence}"

    @property
    def is_credit(self) -> bool:
        return self.amount_pence < 0


class ImportRun(models.Model):
    """One file from the housing management system, imported once.

    The file's SHA-256 is unique per kind: the same file again is skipped. A run that failed
    part-way can be run again; entries already loaded are not duplicated.
    """

    class Kind(models.TextChoices):
        TENANCIES = "tenancies", "Tenancies"
        LEDGER = "ledger", "Ledger"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        COMPLETED_WITH_ERRORS = "completed_with_errors", "Completed with errors"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "file_sha256"], name="import_run_unique_file"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.file_name} ({self.status})"


class LinkAttempt(models.Model):
    """A try at linking a login to a tenancy. Failures in the last hour lock linking."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="link_attempts"
    )
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="link_attempt_user_time")]

    def __str__(self) -> str:
        return f"{'Linked' if self.succeeded else 'Failed'} at {self.created_at:%Y-%m-%d %H:%M}"


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes are refused too: QuerySet.update() and delete() bypass save() and delete().

    Deleting a user or tenancy still works: Django's collector clears the foreign keys through
    the base manager (SET_NULL), which keeps the event and forgets only who it was about.
    """

    def update(self, **kwargs):
        raise ValueError("Audit events cannot be changed.")

    def delete(self):
        raise ValueError("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValueError("Audit events cannot be changed.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise ValueError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    """One thing that happened that someone may later need to account for: a sign-in, an MFA
    change, an officer opening a case, a decision, an export, consent given or withdrawn.

    Append-only: the application never edits or deletes a row (save() refuses an update and
    delete() refuses outright). `detail` holds ids and outcomes, never sensitive values.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tenancy = models.ForeignKey(
        Tenancy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["tenancy", "-at"], name="audit_tenancy_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events cannot be deleted.")
