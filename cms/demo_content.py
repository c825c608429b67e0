"""Demo advice content, written for this project in plain English (reading age about 9).

Facts come from ../shared/reference/arrears-process.md and rates-and-rules-2026-27.md (tax
year 2026 to 2027). Every page has a review date six months after seeding: the figures change
each April.

`seed_content()` only fills what is missing, so running it again changes nothing, and it never
overwrites what editors have written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Locale, Site

from .context_processors import DEFAULT_ADVICE_LINES
from .models import AdviceIndexPage, AdvicePage, AdvicePageRelatedPage, HomePage, PortalSettings

# Stream blocks in Wagtail's stored (raw) form. Ids are added by `_with_ids`.


def heading(text: str, level: str = "2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def text(html: str) -> dict:
    return {"type": "rich_text", "value": html}


def inset(html: str) -> dict:
    return {"type": "inset_text", "value": html}


def warning(sentence: str) -> dict:
    return {"type": "warning_text", "value": sentence}


def details(summary: str, html: str) -> dict:
    return {"type": "details", "value": {"summary": summary, "text": html}}


def accordion(sections: list[tuple[str, str]], level: str = "2") -> dict:
    return {
        "type": "accordion",
        "value": {
            "sections": [
                {"heading": title, "summary": "", "content": html} for title, html in sections
            ],
            "heading_level": level,
        },
    }


def steps(items: list[tuple[str, str]]) -> dict:
    return {
        "type": "step_by_step",
        "value": {"steps": [{"heading": title, "content": html} for title, html in items]},
    }


def button(label: str, *, tool: str = "", url: str = "", style: str = "start") -> dict:
    return {
        "type": "button",
        "value": {"text": label, "tool": tool, "page": None, "url": url, "style": style},
    }


def contact(show: str, heading_text: str = "") -> dict:
    return {
        "type": "contact_details",
        "value": {
            "show": show,
            "heading": heading_text,
            "name": "",
            "phone": "",
            "email": "",
            "opening_hours": "",
            "website": None,
            "text": "",
        },
    }


def table(caption: str, head: list[str], rows: list[list[str]]) -> dict:
    return {
        "type": "table",
        "value": {
            "data": [head, *rows],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
            "table_caption": caption,
        },
    }


def tool(key: str, title: str = "", description: str = "") -> dict:
    return {"type": "tool", "value": {"tool": key, "title": title, "description": description}}


def _with_ids(stream: list[dict]) -> list[dict]:
    """Give every stream child and list item the id Wagtail stores with it."""
    result = []
    for child in stream:
        value = child["value"]
        if isinstance(value, dict):
            value = {
                key: (
                    [{"type": "item", "value": item, "id": str(uuid.uuid4())} for item in inner]
                    if key in ("sections", "steps")
                    else inner
                )
                for key, inner in value.items()
            }
        result.append({"type": child["type"], "value": value, "id": str(uuid.uuid4())})
    return result


Link = Callable[[str, str], str]


@dataclass(frozen=True)
class AdviceContent:
    slug: str
    title: str
    summary: str
    body: Callable[[Link], list[dict]]
    tools: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


ADVICE: list[AdviceContent] = [
    AdviceContent(
        "ways-to-pay",
        "Ways to pay your rent",
        "You can pay online, by Direct Debit, by phone, at a shop or by bank transfer. "
        "Choose the way that suits you best.",
        lambda a: [
            text(
                "<p>Rent is paid in advance. Your tenancy agreement says which day it is due.</p>"
                "<p>If you can, pay a little extra each time. It helps if money is tight later.</p>"
            ),
            heading("The easiest ways to pay"),
            tool("direct_debit"),
            tool("pay"),
            heading("Other ways to pay"),
            text(
                "<ul>"
                "<li><b>By phone.</b> Call us and pay with a debit card.</li>"
                "<li><b>At a Post Office or PayPoint shop.</b> Take your rent payment card. "
                "Ask us for a card if you do not have one.</li>"
                "<li><b>By bank transfer or standing order.</b> Ask us for our bank details.</li>"
                "</ul>"
            ),
            inset(
                "<p>Always give your account reference when you pay. "
                "It tells us the money is yours.</p>"
            ),
            heading("How long a payment takes to show"),
            table(
                "When your payment shows on your account",
                ["How you pay", "When it shows"],
                [
                    ["Direct Debit", "The same working day"],
                    ["Debit card, online or by phone", "The next working day"],
                    ["Bank transfer or standing order", "Up to 5 working days"],
                    ["Post Office or PayPoint", "Up to 5 working days"],
                    ["Cheque or cash", "Up to 7 working days"],
                ],
            ),
            button("Pay your rent now", tool="pay"),
        ],
        tools=["pay", "direct_debit", "balance"],
        related=["direct-debit", "if-you-cannot-pay"],
    ),
    AdviceContent(
        "if-you-cannot-pay",
        "If you cannot pay your rent",
        "Tell us as soon as you can. We would much rather help you than take action, "
        "and there is a lot we can do.",
        lambda a: [
            warning("If you do not pay your rent and do not talk to us, you could lose your home."),
            text(
                "<p>Lots of people find it hard to pay the rent at some point. Your hours at work "
                "might have been cut, your benefits might have changed, or you might have other "
                "bills to pay.</p><p>The sooner you tell us, the more we can help.</p>"
            ),
            heading("What to do"),
            steps(
                [
                    (
                        "Tell us",
                        "<p>Call us or use this website. We will not judge you. We will talk "
                        "about why it happened and what you can afford.</p>",
                    ),
                    (
                        "Work out your budget",
                        "<p>Add up the money coming in and the money going out. "
                        "This shows what you can pay.</p>",
                    ),
                    (
                        "Check you get all the money you should",
                        "<p>Many people miss out on benefits or grants. A quick check could "
                        "mean more money each month.</p>",
                    ),
                    (
                        "Offer a payment plan",
                        "<p>Offer to pay your rent plus a small amount towards what you owe. "
                        "Pick an amount you can keep paying.</p>",
                    ),
                    (
                        "Get free advice if you owe other people too",
                        f"<p>See {a('free-debt-advice', 'free debt advice')}.</p>",
                    ),
                ]
            ),
            heading("What we will do"),
            text(
                "<ul>"
                "<li>try to agree an amount you can afford, based on your budget</li>"
                "<li>help you claim benefits, like Universal Credit or Housing Benefit</li>"
                "<li>tell you where to get free, independent advice</li>"
                "<li>send you a statement of your rent account when you ask</li>"
                "</ul>"
                "<p>Going to court is the last thing we want. Before we ever do, we must show "
                "the court that we tried to agree a plan with you.</p>"
            ),
            details(
                "If you have a court date",
                "<p>Go to the hearing. Your home is at risk. Take your latest rent statement "
                "and your budget.</p>"
                f"<p>Get {a('free-debt-advice', 'free advice')} before the hearing.</p>",
            ),
            button("Ask for a payment plan", tool="payment_plan"),
        ],
        tools=["budget", "benefits", "payment_plan", "get_advice"],
        related=["priority-debts", "breathing-space", "free-debt-advice", "universal-credit"],
    ),
    AdviceContent(
        "universal-credit",
        "Universal Credit and your rent",
        "Universal Credit can help pay your rent. It is paid once a month, usually to you. "
        "Sometimes it can be paid straight to us.",
        lambda a: [
            text(
                "<p>If you get Universal Credit, it may include money for your rent. This is "
                "called the housing element. It is usually paid to you, once a month. You then "
                "pay your rent to us.</p>"
            ),
            inset(
                "<p>Universal Credit is paid at the end of each month, not the start. So your "
                "rent account can look as if you owe money even when you are up to date.</p>"
            ),
            heading("Tell Universal Credit when your rent changes"),
            text(
                "<p>Your rent usually changes in April. Put the new amount in your Universal "
                "Credit journal. If you do not, you might get the wrong amount.</p>"
            ),
            heading("When Universal Credit pays us directly"),
            text(
                "<p>The money for your rent can go straight to us instead of to you. This is "
                "called a managed payment to landlord. You, or we, can ask for it.</p>"
                "<p>It can happen if:</p>"
                "<ul>"
                "<li>you owe 2 months' rent or more</li>"
                "<li>you owe 1 month's rent or more and have often paid less than you should</li>"
                "<li>you find it hard to manage your money</li>"
                "</ul>"
                "<p>The Department for Work and Pensions (DWP) decides. They look at it again "
                "from time to time.</p>"
            ),
            heading("Paying back rent you owe from Universal Credit"),
            text(
                "<p>If you owe rent, DWP can take a small amount from your Universal Credit each "
                "month and pay it to us. This is called a deduction. DWP will tell you before it "
                "starts.</p>"
                "<p>It is usually between 10% and 20% of your standard allowance.</p>"
            ),
            details(
                "If the deduction leaves you short of money",
                "<p>Ask DWP to take less, through your journal. Only you can ask for this. "
                "Tell us too, so we can agree a plan.</p>",
            ),
            button("Check your benefits", tool="benefits"),
        ],
        tools=["benefits", "budget", "balance"],
        related=["help-with-housing-costs", "if-you-cannot-pay", "direct-debit"],
    ),
    AdviceContent(
        "help-with-housing-costs",
        "Help with housing costs",
        "Universal Credit, Housing Benefit and your council can all help pay your rent. "
        "Here is what to ask for.",
        lambda a: [
            heading("Universal Credit"),
            text(
                "<p>Most people under State Pension age get help with rent through Universal "
                f"Credit. See {a('universal-credit', 'Universal Credit and your rent')}.</p>"
            ),
            heading("Housing Benefit"),
            text(
                "<p>You may get Housing Benefit instead if you have reached State Pension age, "
                "or you live in supported or temporary housing. You claim it from your local "
                "council.</p>"
            ),
            heading("If your benefit does not cover all your rent"),
            text(
                "<p>Your benefit may be less than your rent. This can happen if:</p>"
                "<ul>"
                "<li>you have a spare bedroom: the help goes down by 14% for one spare bedroom, "
                "and by 25% for two or more (only if you are under State Pension age)</li>"
                "<li>another adult lives with you, like a grown-up son or daughter</li>"
                "<li>the benefit cap limits how much you get</li>"
                "</ul>"
            ),
            details(
                "If another adult lives with you",
                "<p>If you get Universal Credit, you get less for your rent for each other adult "
                "who lives with you. From April 2026 it is £96.55 a month for each adult.</p>"
                "<p>Nothing is taken off for some people. For example, if they are under 21, or "
                "get Pension Credit or Carer's Allowance.</p>",
            ),
            heading("Extra help from your council"),
            text(
                "<p>In England, your council may help if your benefit does not cover your rent. "
                "Since April 2026 this is called a Housing Payment, from the council's Crisis "
                "and Resilience Fund. It used to be called a Discretionary Housing Payment.</p>"
                "<p>You must get Housing Benefit, or Universal Credit with help for rent. Ask "
                "your council how to apply. The council decides, and it is not guaranteed.</p>"
            ),
            inset(
                "<p>Keep paying what you can while you wait for a decision. "
                "Tell us you have applied.</p>"
            ),
            button("Check your benefits", tool="benefits"),
        ],
        tools=["benefits", "budget"],
        related=["universal-credit", "if-you-cannot-pay"],
    ),
    AdviceContent(
        "breathing-space",
        "Breathing Space",
        "Breathing Space gives you time to sort out your debts. For up to 60 days, the people "
        "you owe must stop chasing you.",
        lambda a: [
            text(
                "<p>Breathing Space is a scheme in England and Wales. It protects you while you "
                "get advice about your debts.</p>"
            ),
            heading("What happens in a Breathing Space"),
            text(
                "<p>For the debts in your Breathing Space, including rent you owe:</p>"
                "<ul>"
                "<li>we must stop asking you to pay them</li>"
                "<li>we must stop any action about them, like going to court</li>"
                "<li>no interest or charges can be added</li>"
                "</ul>"
            ),
            warning(
                "You must still pay your rent as normal. "
                "A Breathing Space is not a break from paying rent."
            ),
            heading("How long it lasts"),
            text(
                "<p>A standard Breathing Space lasts up to 60 days. You can have one every "
                "12 months.</p>"
                "<p>A mental health crisis Breathing Space lasts as long as your crisis "
                "treatment, plus 30 days.</p>"
            ),
            heading("How to get one"),
            steps(
                [
                    (
                        "Talk to a debt adviser",
                        "<p>Only a debt adviser can start a Breathing Space. "
                        "Free advisers are listed below.</p>",
                    ),
                    ("The adviser checks it is right for you", ""),
                    (
                        "The adviser tells everyone",
                        "<p>They tell us and the other people you owe. "
                        "They tell you when it starts.</p>",
                    ),
                    (
                        "Work with your adviser",
                        "<p>Use the time to find a long-term answer to your debts.</p>",
                    ),
                ]
            ),
            details(
                "If you are in a mental health crisis",
                "<p>An approved mental health professional can apply for you. Your carer or "
                "care coordinator can ask them to. You do not need to get debt advice first.</p>",
            ),
            contact("advice_lines", "Free debt advice"),
        ],
        tools=["get_advice", "budget"],
        related=["free-debt-advice", "priority-debts", "if-you-cannot-pay"],
    ),
    AdviceContent(
        "priority-debts",
        "Priority debts",
        "Some debts matter more than others. Not paying them can mean losing your home or "
        "your gas and electricity. Pay these first.",
        lambda a: [
            text(
                "<p>If you cannot pay all your bills, pay your priority debts first. These are "
                "the debts where the worst things can happen if you do not pay.</p>"
            ),
            heading("Priority debts include"),
            text(
                "<ul>"
                "<li>rent you owe</li>"
                "<li>council tax</li>"
                "<li>gas and electricity</li>"
                "<li>TV licence</li>"
                "<li>fines from a court</li>"
                "<li>child maintenance</li>"
                "<li>income tax or VAT</li>"
                "</ul>"
            ),
            warning("Not paying your rent could mean losing your home."),
            heading("What can happen if you do not pay"),
            accordion(
                [
                    (
                        "Rent",
                        "<p>We can ask a court to end your tenancy. You could lose your home.</p>",
                    ),
                    (
                        "Council tax",
                        "<p>The council can send bailiffs, or take money from your wages "
                        "or benefits.</p>",
                    ),
                    (
                        "Gas and electricity",
                        "<p>Your supplier may fit a prepayment meter, so you pay before you "
                        "use energy.</p>",
                    ),
                    (
                        "Fines from a court",
                        "<p>Bailiffs can be sent, or money taken from your wages or benefits.</p>",
                    ),
                    ("TV licence", "<p>You could be taken to court and fined.</p>"),
                ],
                level="3",
            ),
            heading("Other debts"),
            text(
                "<p>Credit cards, loans, catalogues, overdrafts and money you owe friends are not "
                "priority debts. You still owe them, but pay your priority debts first. "
                f"{a('free-debt-advice', 'A debt adviser')} can help you offer these a smaller "
                "amount.</p>"
            ),
            button("Work out your budget", tool="budget"),
        ],
        tools=["budget", "get_advice"],
        related=["free-debt-advice", "breathing-space", "help-with-energy-bills"],
    ),
    AdviceContent(
        "help-with-energy-bills",
        "Help with energy bills",
        "If you are struggling with gas or electricity bills, there is help. Talk to your "
        "supplier early and check what you can get.",
        lambda a: [
            heading("Talk to your energy supplier"),
            text(
                "<p>Call your supplier as soon as you fall behind. Ask for a payment plan you "
                "can afford.</p>"
                "<p>If you have a prepayment meter and cannot top up, call them straight away. "
                "Ask about emergency credit.</p>"
            ),
            heading("Warm Home Discount"),
            text(
                "<p>The Warm Home Discount is £150 off your electricity bill each winter, "
                "usually between October and March.</p>"
                "<p>You may get it if you get Universal Credit, Housing Benefit or the "
                "guarantee part of Pension Credit, among others. Your name must be on the "
                "electricity bill. Ask your supplier if you are not sure.</p>"
            ),
            heading("Help from your council"),
            text(
                "<p>In England, your council can help in an emergency, for example if you "
                "cannot pay to heat your home. This is called a Crisis Payment. You do not have "
                "to be on benefits. Urgent cases can be paid within 48 hours.</p>"
            ),
            details(
                "Help with water and broadband bills",
                "<p>Water companies have cheaper prices for people on low incomes. Ask yours "
                "about its social tariff.</p>"
                "<p>If you have a water meter and get a benefit like Universal Credit, "
                "WaterSure can limit your bill if you have 3 or more children, or a medical "
                "condition that means you use a lot of water.</p>"
                "<p>Most broadband companies have a cheaper social tariff if you get Universal "
                "Credit. It costs about £10 to £25 a month.</p>",
            ),
            button("Check your benefits", tool="benefits"),
        ],
        tools=["benefits", "budget"],
        related=["priority-debts", "free-debt-advice"],
    ),
    AdviceContent(
        "free-debt-advice",
        "Free debt advice",
        "Free, independent debt advice can help you deal with what you owe. It is private and "
        "it will not cost you anything.",
        lambda a: [
            text(
                "<p>A debt adviser can look at everything you owe and help you work out a "
                "budget. They can talk to the people you owe for you. They can also start a "
                f"{a('breathing-space', 'Breathing Space')}.</p>"
            ),
            contact("advice_lines", "Free advice lines"),
            warning("Some companies charge for debt help. You never need to pay for debt advice."),
            heading("We can put you in touch"),
            text(
                "<p>If you agree, we can send your details to Citizens Advice so they can "
                "contact you. We only share what you agree to.</p>"
            ),
            button("Ask us to put you in touch", tool="get_advice"),
            details(
                "What to have ready when you call",
                "<ul>"
                "<li>your latest rent statement</li>"
                "<li>letters about your debts</li>"
                "<li>your bank statements</li>"
                "<li>how much you get from work and benefits</li>"
                "</ul>"
                "<p>If you have made a budget on this website, have that ready too.</p>",
            ),
        ],
        tools=["get_advice", "budget"],
        related=["breathing-space", "priority-debts"],
    ),
    AdviceContent(
        "rechargeable-repairs",
        "Rechargeable repairs",
        "Some repairs are your job. If we do them for you, we may charge you. Here is how it "
        "works and how to pay.",
        lambda a: [
            text(
                "<p>We fix most things in your home for free. But if something is damaged on "
                "purpose or by carelessness, we may charge you for the repair. This is called a "
                "rechargeable repair.</p>"
            ),
            heading("Things we may charge for"),
            text(
                "<ul>"
                "<li>damage caused by you, the people who live with you, or your visitors</li>"
                "<li>new keys, or changing the locks, if you lose your keys</li>"
                "<li>clearing rubbish or things left behind</li>"
                "<li>putting right changes you made without asking us</li>"
                "</ul>"
            ),
            inset(
                "<p>We do not charge for things that wear out with normal use. If the damage "
                "was caused by a crime, tell us the crime reference number.</p>"
            ),
            heading("How you pay"),
            text(
                "<p>A rechargeable repair has its own account, apart from your rent. You can "
                "see it when you check your balance.</p>"
                "<p>You can pay it all at once, or in small amounts. Talk to us about a plan "
                "you can afford.</p>"
                "<p>Housing Benefit and Universal Credit do not pay for rechargeable "
                "repairs.</p>"
            ),
            details(
                "If you think the charge is wrong",
                "<p>Tell us why. We will look at it again and explain our decision. If you are "
                "still unhappy, you can make a complaint.</p>",
            ),
            button("See your balance", tool="balance", style="secondary"),
        ],
        tools=["balance", "pay", "payment_plan"],
        related=["ways-to-pay", "priority-debts"],
    ),
    AdviceContent(
        "former-tenant-arrears",
        "Former tenant arrears",
        "If you owed us money when your tenancy ended, you still owe it. Talk to us and we "
        "will agree a way to pay that you can afford.",
        lambda a: [
            text(
                "<p>Former tenant arrears are money you still owed us on the day your tenancy "
                "ended. It might be rent, or the cost of repairs or clearing the home.</p>"
            ),
            heading("What to do"),
            steps(
                [
                    (
                        "Check the amount",
                        "<p>Sign in to see your account. If something looks wrong, tell us.</p>",
                    ),
                    (
                        "Work out what you can pay",
                        "<p>A budget shows what you can afford each week or month.</p>",
                    ),
                    ("Agree a plan with us", "<p>Pay it all at once, or in small amounts.</p>"),
                    (
                        "Keep to the plan",
                        "<p>If things change, tell us. We can change the plan.</p>",
                    ),
                ]
            ),
            warning(
                "If you do not pay or talk to us, we may pass the debt to a debt collection "
                "agency, or go to court."
            ),
            details(
                "If you want to rent from us or a council again",
                "<p>Owing money to a landlord can make it harder to get a new home. Paying "
                "regularly shows you are dealing with it.</p>",
            ),
            contact("landlord", "Talk to us"),
        ],
        tools=["balance", "pay", "payment_plan", "get_advice"],
        related=["free-debt-advice", "ways-to-pay"],
    ),
    AdviceContent(
        "direct-debit",
        "Direct Debit explained",
        "A Direct Debit pays your rent from your bank account on the same day each month. You "
        "do not have to remember, and you are protected if something goes wrong.",
        lambda a: [
            text(
                "<p>With a Direct Debit, you let us take your rent from your bank account on a "
                "set date. You can choose the date, for example the day after you are paid.</p>"
            ),
            heading("Why your account can show arrears"),
            text(
                "<p>Rent is charged every week, but a Direct Debit is usually paid once a month. "
                "So for a few days before each payment your account may show that you owe "
                "money. This is normal. It evens out over the year.</p>"
            ),
            heading("Setting one up"),
            steps(
                [
                    (
                        "Have your bank details ready",
                        "<p>You need your sort code and account number.</p>",
                    ),
                    ("Choose a date", "<p>Pick a day soon after you get paid.</p>"),
                    (
                        "Check the amount",
                        "<p>We work out the monthly amount from your weekly rent: your weekly "
                        "rent times 52, divided by 12.</p>",
                    ),
                    ("Check your bank statement", "<p>Make sure the first payment is taken.</p>"),
                ]
            ),
            button("Set up a Direct Debit", tool="direct_debit"),
            heading("The Direct Debit Guarantee"),
            inset(
                "<p>If a payment is taken by mistake, your bank will give you all your money "
                "back straight away.</p>"
                "<p>We will tell you at least 10 working days before the amount or the date "
                "changes.</p>"
            ),
            details(
                "If you need to stop your Direct Debit",
                "<p>You can cancel at any time with your bank. Tell us too, and choose another "
                "way to pay, so you do not fall behind.</p>",
            ),
        ],
        tools=["direct_debit", "balance"],
        related=["ways-to-pay", "universal-credit"],
    ),
]

HOME_TOOLS = ["balance", "pay", "direct_debit", "budget", "benefits", "payment_plan", "get_advice"]
INDEX = {
    "slug": "advice",
    "title": "Help and advice",
    "intro": "Plain answers about paying your rent, benefits and money worries.",
}


# The Welsh home page: a translation of the English one, with its headings and tools in Welsh.
# Written for this project; a Welsh speaker should review it (see locale/cy's header too).
WELSH = "cy"
WELSH_HOME = {
    "title": "Eich cyfrif rhent",
    "intro": (
        "Gwiriwch faint sydd arnoch chi, talwch, a chael help os ydych chi’n cael trafferth. "
        "Unrhyw bryd, ar unrhyw ddyfais."
    ),
}
WELSH_TOOLS = {
    "balance": (
        "Gweld eich balans",
        "Gweld faint sydd arnoch chi, eich taliadau diwethaf a’ch tâl nesaf.",
    ),
    "pay": ("Talu eich rhent", "Talu gyda cherdyn debyd, ar unrhyw adeg o’r dydd."),
    "direct_debit": (
        "Trefnu Debyd Uniongyrchol",
        "Mae eich rhent yn cael ei dalu ar yr un diwrnod bob mis, felly does dim rhaid i chi "
        "gofio.",
    ),
    "budget": (
        "Cyfrifo eich cyllideb",
        "Adio’r arian sy’n dod i mewn ac yn mynd allan, a gweld beth allwch chi ei fforddio.",
    ),
    "benefits": (
        "Gwirio eich budd-daliadau",
        "Cael gwybod a allech chi gael mwy o arian o fudd-daliadau neu grantiau.",
    ),
    "payment_plan": (
        "Gofyn am gynllun talu",
        "Cynnig talu’r hyn sydd arnoch chi mewn symiau bach y gallwch eu fforddio.",
    ),
    "get_advice": (
        "Cael cyngor am ddim",
        "Gofyn i ni eich rhoi mewn cysylltiad â Chyngor ar Bopeth. Mae am ddim.",
    ),
}


def _welsh_home_body(a: Link) -> list[dict]:
    return [
        inset(
            "<p><b>Yn ei chael hi’n anodd talu?</b> Rhowch wybod i ni cyn gynted ag y gallwch "
            f"chi. Darllenwch {a('if-you-cannot-pay', 'beth i’w wneud os na allwch chi dalu')}"
            " (yn Saesneg am y tro).</p>"
        )
    ]


def _seed_welsh_home(home: HomePage, link: Link) -> int:
    """A Welsh translation of the home page, if there is a Welsh locale and none yet."""
    locale = Locale.objects.filter(language_code=WELSH).first()
    if locale is None or home.get_translation_or_none(locale) is not None:
        return 0
    welsh = home.copy_for_translation(locale)
    welsh.title = welsh.draft_title = WELSH_HOME["title"]
    welsh.intro = WELSH_HOME["intro"]
    welsh.tools = _with_ids([tool(key, *WELSH_TOOLS[key]) for key in HOME_TOOLS])
    welsh.body = _with_ids(_welsh_home_body(link))
    welsh.save_revision().publish()
    return 1


def _home_body(a: Link) -> list[dict]:
    return [
        inset(
            "<p><b>Finding it hard to pay?</b> Tell us as soon as you can. "
            f"Read {a('if-you-cannot-pay', 'what to do if you cannot pay your rent')}.</p>"
        )
    ]


def _link_maker(pages: dict[str, AdvicePage]) -> Link:
    def link(slug: str, words: str) -> str:
        page = pages.get(slug)
        if page is None:
            return escape(words)
        return f'<a linktype="page" id="{page.pk}">{escape(words)}</a>'

    return link


def _default_site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ValueError("There is no default Wagtail site: run migrate first.")
    return site


@transaction.atomic
def seed_content() -> dict[str, int]:
    """Create whatever demo content is missing; return how many of each thing were created."""
    created = {"home": 0, "index": 0, "advice": 0, "settings": 0, "welsh_home": 0}
    site = _default_site()
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise ValueError(f"The site's root page is a {type(home).__name__}, not a HomePage.")

    index = AdviceIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=AdviceIndexPage(live=False, **INDEX))
        index.save_revision().publish()
        created["index"] = 1

    pages: dict[str, AdvicePage] = {page.slug: page for page in AdvicePage.objects.child_of(index)}
    new: list[tuple[AdviceContent, AdvicePage]] = []
    for content in ADVICE:
        if content.slug in pages:
            continue
        # Created as drafts first, so every page exists (and has an id) before links to it.
        page = index.add_child(
            instance=AdvicePage(
                title=content.title,
                slug=content.slug,
                summary=content.summary,
                body=_with_ids([text("<p>Being written.</p>")]),
                live=False,
            )
        )
        pages[content.slug] = page
        new.append((content, page))

    link = _link_maker(pages)
    for content, page in new:
        page.body = _with_ids(content.body(link))
        page.related_tools = _with_ids([tool(key) for key in content.tools])
        page.related_pages = [
            AdvicePageRelatedPage(related=pages[slug]) for slug in content.related if slug in pages
        ]
        page.save_revision().publish()
        created["advice"] += 1

    if not home.tools or not home.body:
        if not home.tools:
            home.tools = _with_ids([tool(key) for key in HOME_TOOLS])
        if not home.body:
            home.body = _with_ids(_home_body(link))
        home.save_revision().publish()
        created["home"] = 1

    created["welsh_home"] = _seed_welsh_home(home, link)
    created["settings"] = _seed_settings(site)
    return created


# Welsh for the demo settings, added beside the English only where the English is still what
# seed_content wrote (so never a Welsh text for words an editor has changed). Written for this
# project; a Welsh speaker should review it.
WELSH_ADVICE_LINES = {  # by phone number, for DEFAULT_ADVICE_LINES
    "0800 144 8848": {
        "name_cy": "Cyngor ar Bopeth",
        "text_cy": "Cyngor am ddim ar ddyledion, budd-daliadau a thai.",
    },
    "0800 138 1111": {"text_cy": "Cyngor am ddim ar ddyledion, a help i wneud cynllun."},
    "0808 808 4000": {
        "text_cy": "Cyngor am ddim ar ddyledion dros y ffôn, drwy sgwrs ar y we ac ar-lein."
    },
}
# The server's default PAYMENTS_OTHER_WAYS_TO_PAY (config/settings/base.py), English then Welsh;
# {phone} and {hours} are the landlord's phone number and opening hours.
WELSH_WAYS_TO_PAY = [
    (
        (
            "By phone",
            "Call {phone} ({hours}) and pay with a debit card. Have your account reference ready.",
        ),
        (
            "Dros y ffôn",
            "Ffoniwch {phone} ({hours}) a thalu gyda cherdyn debyd. Cofiwch gael "
            "cyfeirnod eich cyfrif wrth law.",
        ),
    ),
    (
        (
            "At a Post Office or a PayPoint shop",
            "Take your rent payment card to any Post Office, "
            "or a shop with the PayPoint sign. Ask us for a card if you do not have one.",
        ),
        (
            "Mewn Swyddfa’r Post neu siop PayPoint",
            "Ewch â’ch cerdyn talu rhent i unrhyw "
            "Swyddfa’r Post, neu i siop ag arwydd PayPoint. Gofynnwch i ni am gerdyn os nad oes "
            "gennych chi un.",
        ),
    ),
    (
        (
            "By bank transfer or standing order",
            "Ask us for our bank details. Use your account "
            "reference as the payment reference so we know the money is yours.",
        ),
        (
            "Drwy drosglwyddiad banc neu archeb sefydlog",
            "Gofynnwch i ni am ein manylion banc. "
            "Defnyddiwch gyfeirnod eich cyfrif fel cyfeirnod y taliad, er mwyn i ni wybod mai "
            "eich arian chi ydyw.",
        ),
    ),
]
DEMO_FOOTER_LINKS = [
    {"text": "Help and advice", "text_cy": "Help a chyngor", "url": "/advice/"},
    {"text": "Search the advice", "text_cy": "Chwilio’r cyngor", "url": "/search/"},
]


def _english(value: dict) -> dict:
    return {key: text for key, text in value.items() if not key.endswith("_cy") and text}


def _has_welsh(value: dict) -> bool:
    return any(text for key, text in value.items() if key.endswith("_cy"))


def _add_welsh(stream, welsh_for: Callable[[dict], dict | None]) -> list[dict] | None:
    """The list's raw items with Welsh added where `welsh_for` knows the English and no Welsh
    is there yet; None when nothing changes."""
    items = [dict(item, value=dict(item.get("value") or {})) for item in stream.raw_data]
    changed = False
    for item in items:
        value = item["value"]
        welsh = None if _has_welsh(value) else welsh_for(_english(value))
        if welsh:
            value.update(welsh)
            changed = True
    return items if changed else None


def _welsh_advice_line(english: dict) -> dict | None:
    for line in DEFAULT_ADVICE_LINES:
        if english == _english(line):
            return WELSH_ADVICE_LINES.get(line["phone"])
    return None


def _welsh_way_to_pay(english: dict) -> dict | None:
    with translation.override("cy"):
        hours_cy = translation.gettext(settings.LANDLORD_OPENING_HOURS)
    for (heading, text), (heading_cy, text_cy) in WELSH_WAYS_TO_PAY:
        ours = {
            "heading": heading,
            "text": text.format(
                phone=settings.LANDLORD_PHONE, hours=settings.LANDLORD_OPENING_HOURS
            ),
        }
        if english == ours:
            phone = settings.LANDLORD_PHONE
            return {
                "heading_cy": heading_cy,
                "text_cy": text_cy.format(phone=phone, hours=hours_cy),
            }
    return None


def _welsh_footer_link(english: dict) -> dict | None:
    for link in DEMO_FOOTER_LINKS:
        if english == _english(link):
            return {"text_cy": link["text_cy"]}
    return None


def _seed_settings(site: Site) -> int:
    row, made = PortalSettings.objects.get_or_create(site=site)
    changed = made
    if not row.advice_lines:
        row.advice_lines = _with_ids(
            [{"type": "line", "value": dict(line)} for line in DEFAULT_ADVICE_LINES]
        )
        changed = True
    if not row.other_ways_to_pay:
        ways = getattr(settings, "PAYMENTS_OTHER_WAYS_TO_PAY", [])
        row.other_ways_to_pay = _with_ids([{"type": "way", "value": dict(way)} for way in ways])
        changed = True
    if not row.footer_links:
        row.footer_links = _with_ids(
            [{"type": "link", "value": _english(link)} for link in DEMO_FOOTER_LINKS]
        )
        changed = True
    # Welsh beside the English the seed wrote, here or on an earlier run.
    for name, welsh_for in (
        ("advice_lines", _welsh_advice_line),
        ("other_ways_to_pay", _welsh_way_to_pay),
        ("footer_links", _welsh_footer_link),
    ):
        with_welsh = _add_welsh(getattr(row, name), welsh_for)
        if with_welsh is not None:
            setattr(row, name, with_welsh)
            changed = True
    if changed:
        row.save()
    return int(changed)
