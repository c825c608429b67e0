"""The rest of a benefits result in the reader's language: benefit names, how to claim, the
flags ("other benefits to check"), other help and the notes.

The engine writes these in English with no Django, and a saved check keeps them as written,
each flag and item of other help with its stable key (`pip`, `warm_home_discount`, ...). This
module is the Django side, as working_words.py is for the working: for each key, every
sentence the engine can write there, as a message whose `%(name)s` placeholders stand where
the engine puts an amount. A stored sentence is matched against its key's messages (amounts
and all) and read back in the active language, so a Welsh reader gets Welsh with the same
amounts. Each variant ("You have", "Your partner has", "You and your partner have") is a
whole sentence of its own, never pieced together.

English readers get exactly what was stored. tests/benefits_checker/test_result_welsh.py
proves that every message, read in English, says what the engine writes, for every rates
file; a sentence this module does not know (an older engine's) is shown as stored.
Grant schemes are editors' content and are not touched here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.utils.translation import get_language, gettext, gettext_noop

logger = logging.getLogger(__name__)

# What the engine puts where a message has a placeholder: an amount ("£1,234.56", "£10") or
# a number ("35"). Nothing wider, so a sentence cannot match another key's longer one.
_AMOUNT = r"£?[0-9][0-9,]*(?:\.[0-9]{2})?"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


class Phrase:
    """One sentence the engine can write, as a message: matched in English, read in the
    active language."""

    __slots__ = ("msgid", "pattern", "has_values")

    def __init__(self, msgid: str):
        self.msgid = msgid
        self.has_values = False
        parts, end = [], 0
        for match in _PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[end : match.start()]))
            if match[1]:
                parts.append(f"(?P<{match[1]}>{_AMOUNT})")
                self.has_values = True
            else:
                parts.append("%")
            end = match.end()
        parts.append(re.escape(msgid[end:]))
        if "%%" in msgid and not self.has_values:
            # gettext would hand back "%%" unformatted: a message like this needs a value.
            raise ValueError(f"{msgid!r}: '%%' with no placeholder")
        self.pattern = re.compile("".join(parts))

    def english(self, **values: str) -> str:
        return self.msgid % values if self.has_values else self.msgid

    def read(self, text: str) -> str | None:
        """`text` in the active language, or None if this is not the sentence."""
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        words = gettext(self.msgid)
        return words % match.groupdict() if self.has_values else words


def _phrases(*msgids: str) -> tuple[Phrase, ...]:
    return tuple(Phrase(msgid) for msgid in msgids)


# --- Benefit names (engine.BENEFITS) ----------------------------------------------------------

BENEFIT_NAMES: dict[str, str] = {
    "universal_credit": gettext_noop("Universal Credit"),
    "pension_credit": gettext_noop("Pension Credit"),
    "housing_benefit": gettext_noop("Housing Benefit"),
    "council_tax_reduction": gettext_noop("Council Tax Reduction"),
    "child_benefit": gettext_noop("Child Benefit"),
}

# --- How to claim (engine.claiming.HOW_TO_CLAIM) ----------------------------------------------

HOW_TO_CLAIM: dict[str, Phrase] = {
    key: Phrase(msgid)
    for key, msgid in {
        "universal_credit": gettext_noop(
            "Apply online. You will need your bank details, your rent and your landlord's "
            "details, and your earnings and savings."
        ),
        "pension_credit": gettext_noop(
            "Apply online or call the Pension Credit claim line on 0800 99 1234. You can "
            "backdate your claim by up to 3 months."
        ),
        "housing_benefit": gettext_noop(
            "Apply to your council. If you claim Pension Credit, you can claim Housing Benefit "
            "at the same time on the Pension Credit claim line."
        ),
        "council_tax_reduction": gettext_noop(
            "Apply to your council. Each council runs its own scheme for people of working age."
        ),
        "child_benefit": gettext_noop(
            "Claim online through HMRC. Claim even if you will pay the High Income Child "
            "Benefit Charge: it protects your State Pension."
        ),
        "pip": gettext_noop(
            "Call the PIP new claims line on 0800 917 2222. You then fill in a form about how "
            "your condition affects you."
        ),
        "attendance_allowance": gettext_noop(
            "Fill in the Attendance Allowance claim form and post it. It is for people over "
            "State Pension age who need help with personal care."
        ),
        "carers_allowance": gettext_noop(
            "Apply online. The person you care for must get a qualifying disability benefit."
        ),
        "dla_child": gettext_noop(
            "Ask for a claim form for Disability Living Allowance for children (under 16)."
        ),
        "crisis_and_resilience_fund": gettext_noop(
            "Apply to your council. Search its website for the Crisis and Resilience Fund (or "
            "Discretionary Housing Payments in Wales and Scotland)."
        ),
        "warm_home_discount": gettext_noop(
            "Most people get it automatically. If you qualify and have not had a letter, "
            "contact the Warm Home Discount helpline."
        ),
        "water_social_tariff": gettext_noop(
            "Ask your water company about its social tariff and WaterSure. Each company runs "
            "its own scheme."
        ),
        "broadband_social_tariff": gettext_noop(
            "Ask your broadband provider for its social tariff. Ofcom lists who offers one."
        ),
        "free_school_meals": gettext_noop("Apply to your council or your child's school."),
        "healthy_start": gettext_noop("Apply online on the NHS Healthy Start website."),
        "budgeting_advance": gettext_noop(
            "Ask for a Budgeting Advance through your Universal Credit online account or your "
            "work coach. It is a loan you pay back from your Universal Credit."
        ),
        "help_to_save": gettext_noop("Open an account online with your Government Gateway login."),
    }.items()
}

# --- Flags and other help: each key's titles, amounts and reasons -----------------------------

_A_WEEK = _phrases(gettext_noop("%(lowest)s to %(highest)s a week"))
_A_WEEK_EACH = _phrases(gettext_noop("%(lowest)s to %(highest)s a week each"))
_COUNCIL_HELP = gettext_noop("Your council can help in a crisis, whether or not you get benefits.")
_NOT_COVERED = gettext_noop("Your council can help if your benefit does not cover your rent.")
_WATER = gettext_noop(
    "Water companies cut bills for people on means-tested benefits or low incomes."
)

ITEMS: dict[str, dict[str, tuple[Phrase, ...]]] = {
    "pip": {
        "title": _phrases(
            gettext_noop("Personal Independence Payment"), gettext_noop("Adult Disability Payment")
        ),
        "amount": _A_WEEK + _A_WEEK_EACH,
        "why": _phrases(
            gettext_noop(
                "You have a health condition that affects daily life. It is not means-tested, "
                "does not count as income for Universal Credit and lifts the benefit cap."
            ),
            gettext_noop(
                "Your partner has a health condition that affects daily life. It is not "
                "means-tested, does not count as income for Universal Credit and lifts the "
                "benefit cap."
            ),
            gettext_noop(
                "You and your partner have a health condition that affects daily life. It is "
                "not means-tested, does not count as income for Universal Credit and lifts the "
                "benefit cap."
            ),
        ),
    },
    "attendance_allowance": {
        "title": _phrases(
            gettext_noop("Attendance Allowance"), gettext_noop("Pension Age Disability Payment")
        ),
        "amount": _phrases(
            gettext_noop("%(lower)s or %(higher)s a week"),
            gettext_noop("%(lower)s or %(higher)s a week each"),
        ),
        "why": _phrases(
            gettext_noop(
                "You have a health condition that affects daily life. It is not means-tested, "
                "and it can add a severe disability amount to Pension Credit and Housing "
                "Benefit."
            ),
            gettext_noop(
                "Your partner has a health condition that affects daily life. It is not "
                "means-tested, and it can add a severe disability amount to Pension Credit and "
                "Housing Benefit."
            ),
            gettext_noop(
                "You and your partner have a health condition that affects daily life. It is "
                "not means-tested, and it can add a severe disability amount to Pension Credit "
                "and Housing Benefit."
            ),
        ),
    },
    "carers_allowance": {
        "title": _phrases(gettext_noop("Carer's Allowance"), gettext_noop("Carer Support Payment")),
        "amount": _phrases(gettext_noop("%(amount)s a week")),
        "why": _phrases(
            gettext_noop(
                "You care for someone at least %(hours)s hours a week, with take-home pay under "
                "%(limit)s a week. Universal Credit and Pension Credit count it as income, so "
                "it may not leave you better off there, but it gives National Insurance credits "
                "and lifts the benefit cap. The person you care for may lose a severe "
                "disability amount."
            ),
            gettext_noop(
                "Your partner cares for someone at least %(hours)s hours a week, with take-home "
                "pay under %(limit)s a week. Universal Credit and Pension Credit count it as "
                "income, so it may not leave you better off there, but it gives National "
                "Insurance credits and lifts the benefit cap. The person you care for may lose "
                "a severe disability amount."
            ),
            gettext_noop(
                "You and your partner care for someone at least %(hours)s hours a week, with "
                "take-home pay under %(limit)s a week. Universal Credit and Pension Credit "
                "count it as income, so it may not leave you better off there, but it gives "
                "National Insurance credits and lifts the benefit cap. The person you care for "
                "may lose a severe disability amount."
            ),
        ),
    },
    "dla_child": {
        "title": _phrases(
            gettext_noop("Disability Living Allowance for children"),
            gettext_noop("Child Disability Payment"),
        ),
        "amount": _A_WEEK,
        "why": _phrases(
            gettext_noop(
                "A child has a disability or health condition and gets no disability benefit "
                "yet. It would also add %(amount)s or more a month to Universal Credit."
            )
        ),
    },
    "crisis_and_resilience_fund": {
        "title": _phrases(
            gettext_noop("Crisis and Resilience Fund"),
            gettext_noop("Discretionary Housing Payments"),
        ),
        "amount": _phrases(gettext_noop("Varies")),
        "why": _phrases(
            _COUNCIL_HELP,
            gettext_noop(
                "Your council can help in a crisis, whether or not you get benefits. Its "
                "Housing Payments help people who get help with rent."
            ),
            gettext_noop(
                "Your council can help in a crisis, whether or not you get benefits. Its "
                "Housing Payments can help with a rent shortfall, such as the spare bedroom "
                "reduction or the benefit cap."
            ),
            _NOT_COVERED,
            gettext_noop(
                "Your council can help if your benefit does not cover your rent. In Scotland "
                "they cover the spare bedroom reduction in full."
            ),
        ),
    },
    "warm_home_discount": {
        "title": _phrases(gettext_noop("Warm Home Discount")),
        "amount": _phrases(gettext_noop("%(amount)s a year off your electricity bill")),
        "why": _phrases(
            gettext_noop("You may get it because you would get Pension Credit Guarantee Credit."),
            gettext_noop("You may get it because you would get a means-tested benefit."),
        ),
    },
    "water_social_tariff": {
        "title": _phrases(
            gettext_noop("Water social tariff"), gettext_noop("Water social tariff and WaterSure")
        ),
        "amount": _phrases(gettext_noop("Varies by water company")),
        "why": _phrases(
            _WATER,
            gettext_noop(
                "Water companies cut bills for people on means-tested benefits or low incomes. "
                "WaterSure caps a metered bill at the company's average."
            ),
        ),
    },
    "broadband_social_tariff": {
        "title": _phrases(gettext_noop("Broadband social tariff")),
        "amount": _phrases(gettext_noop("About £10 to £25 a month")),
        "why": _phrases(
            gettext_noop(
                "Every broadband social tariff accepts people on Universal Credit; many accept "
                "Pension Credit."
            )
        ),
    },
    "free_school_meals": {
        "title": _phrases(gettext_noop("Free school meals")),
        "amount": _phrases(gettext_noop("Free meals")),
        "why": _phrases(
            gettext_noop(
                "Children in families on Pension Credit Guarantee Credit get free school meals."
            ),
            gettext_noop(
                "From September 2026 every child in a family on Universal Credit can get them."
            ),
            gettext_noop("Your take-home pay is under %(monthly)s a month (%(yearly)s a year)."),
        ),
    },
    "healthy_start": {
        "title": _phrases(gettext_noop("Healthy Start")),
        "amount": _phrases(
            gettext_noop("%(amount)s a week for milk, fruit and vegetables, and free vitamins")
        ),
        "why": _phrases(
            gettext_noop(
                "You are pregnant or have a child under 4, and get Universal Credit with "
                "take-home pay of %(limit)s a month or less (or Pension Credit)."
            )
        ),
    },
    "budgeting_advance": {
        "title": _phrases(gettext_noop("Budgeting Advance")),
        "amount": _phrases(gettext_noop("A loan of %(lowest)s to %(highest)s")),
        "why": _phrases(
            gettext_noop(
                "An interest-free loan for essential costs, for people on Universal Credit for "
                "6 months or more. It is paid back from your Universal Credit."
            )
        ),
    },
    "help_to_save": {
        "title": _phrases(gettext_noop("Help to Save")),
        "amount": _phrases(
            gettext_noop(
                "A 50%% bonus on up to %(monthly)s a month saved (up to %(bonus)s over 4 years)"
            )
        ),
        "why": _phrases(gettext_noop("You get Universal Credit and have take-home pay.")),
    },
}

# A sentence the engine adds after a reason, for the nation (engine FSM_NATION): its own
# message, joined with a space as the engine joins it.
TAILS: dict[tuple[str, str], tuple[Phrase, ...]] = {
    ("free_school_meals", "why"): _phrases(
        gettext_noop("In Wales every primary school child gets free school meals."),
        gettext_noop("In Scotland every child in P1 to P5 gets free school meals."),
    ),
}

# --- Notes (engine NATION_NOTES and the council tax notes) ------------------------------------

NOTES = _phrases(
    gettext_noop(
        "Council Tax Reduction: tell us your council tax bill to estimate it. At pension age the "
        "national scheme can pay up to the whole bill."
    ),
    gettext_noop(
        "Council Tax Reduction: each council sets its own scheme for people of working age. Ask "
        "your council: you may get help with your council tax bill."
    ),
    gettext_noop(
        "Wales: Council Tax Reduction is a national scheme for all ages (the Council Tax "
        "Reduction Schemes (Prescribed Requirements) (Wales) Regulations 2013); ask your "
        "council. Universal Credit, Pension Credit and Housing Benefit are the same as in "
        "England."
    ),
    gettext_noop(
        "Scotland: Discretionary Housing Payments pay back the spare bedroom reduction in full. "
        "Disability and carer benefits are Scottish (Adult Disability Payment, Child Disability "
        "Payment, Pension Age Disability Payment, Carer Support Payment). Scottish Child "
        "Payment and Best Start Foods are not worked out here. Income tax bands differ, so "
        "take-home pay may differ a little."
    ),
)


# --- Reading --------------------------------------------------------------------------------


def english() -> bool:
    """Whether the reader reads English (then the stored words are shown as they are)."""
    language = get_language()
    return language is None or language.startswith("en")


def read(text: str, phrases: Iterable[Phrase], tails: Iterable[Phrase] = ()) -> str | None:
    """`text` in the active language through the first phrase that is this sentence (with
    one of `tails` after it, if given), or None."""
    for phrase in phrases:
        words = phrase.read(text)
        if words is not None:
            return words
    for tail in tails:
        if text.endswith(" " + tail.msgid):
            head = read(text[: -len(tail.msgid) - 1], phrases)
            if head is not None:
                return f"{head} {gettext(tail.msgid)}"
    return None


def benefit_name(key: str, stored: str) -> str:
    """An estimated benefit's name (engine.BENEFITS), in the active language."""
    msgid = BENEFIT_NAMES.get(key)
    return gettext(msgid) if msgid is not None and msgid == stored else stored


def how_to_claim(key: str, stored: str) -> str:
    """The engine's "how to claim" sentence for `key`, in the active language."""
    phrase = HOW_TO_CLAIM.get(key)
    words = phrase.read(stored) if phrase is not None else None
    if words is None:
        logger.warning("benefits result: no words for how to claim %s", key)
        return stored
    return words


def item_for_reader(item: dict) -> dict:
    """A stored flag or item of other help, its words in the active language (the key and
    link as stored). A sentence not known for its key stays as stored."""
    key = item.get("key", "")
    fields = ITEMS.get(key, {})
    shown = dict(item)
    for field in ("title", "amount", "why"):
        words = read(item.get(field, ""), fields.get(field, ()), TAILS.get((key, field), ()))
        if words is None:
            logger.warning("benefits result: no words for %s %s", key, field)
        else:
            shown[field] = words
    shown["how_to_claim"] = how_to_claim(key, item.get("how_to_claim", ""))
    return shown


def note_for_reader(note: str) -> str:
    words = read(note, NOTES)
    if words is None:
        logger.warning("benefits result: no words for a note")
        return note
    return words
