"""Signals for the apps on the lower floors (payments, budgeting) that need an officer's
attention but may not import the officers' side. `casework` connects a receiver that opens
(or closes) a work item; senders pass ids and short labels only, never personal data.

    officer_attention_needed.send(
        sender="payments", kind="payment_dispute", tenancy_id=...,
        subject_type="payments.paymentattempt", subject_id=str(attempt.pk),
        summary="Card payment disputed", link="/officer/...")
    officer_attention_resolved.send(sender="payments", subject_type=..., subject_id=..., kind=...)
"""

from django.dispatch import Signal

officer_attention_needed = Signal()
officer_attention_resolved = Signal()
