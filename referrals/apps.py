from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Citizens Advice referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from portal.privacy import PersonalData, register_personal_data
        from portal.tiles import CasePanel, Tile, register_case_panel, register_tile

        from . import selectors, services

        register_tile(
            Tile(
                key="referrals",
                title=_("Free debt advice"),
                template="referrals/tile.html",
                order=40,
                context=selectors.referral_tile_context,
                reads=(("referrals.Referral", "tenancy"),),
            )
        )
        register_case_panel(
            CasePanel(
                key="referrals",
                title=_("Citizens Advice referrals"),
                template="referrals/case_panel.html",
                order=50,
                context=selectors.referral_case_panel_context,
            )
        )
        register_personal_data(
            PersonalData(
                model="referrals.Referral",
                title=_("Referrals to Citizens Advice"),
                export=selectors.referrals_for_subject_access,
                retention_days=settings.REFERRALS_SNAPSHOT_RETENTION_DAYS,
                retain=services.snapshots_past_retention_remove,
                retention_reason=(
                    "What was sent (the snapshot and the officer's note) is deleted "
                    "REFERRALS_SNAPSHOT_RETENTION_DAYS after delivery; the referral's status "
                    "and dates are kept with the case."
                ),
            )
        )
        register_personal_data(
            PersonalData(
                model="referrals.ConsentRecord",
                title=_("What you agreed to share with Citizens Advice"),
                export=selectors.consents_for_subject_access,
                retention_days=None,
                retention_reason="Evidence of consent and its withdrawal (UK GDPR Art. 7(1)).",
            )
        )
        register_personal_data(
            PersonalData(
                model="referrals.DeliveryAttempt",
                title=_("When your referral was sent"),
                export=selectors.delivery_attempts_for_subject_access,
                retention_days=None,
                retention_reason="Holds ids, times and outcomes only: the record of sharing.",
            )
        )
