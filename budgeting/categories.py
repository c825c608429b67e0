"""The Standard Financial Statement's category tree, as data.

Pure: no Django import. Every line carries its SFS element name from the SFS Developer Toolkit
Data Definition Specification v1.1 (`dds/v1.1/json/sfs-data-entry-schema.json`), so exports can
be written in the SFS structure. Our own keys (`key`) are what the database stores; the SFS
names (`sfs`) are only for exports. SFS members must use the categories "with no amendment,
deletion or addition", so lines are not added or removed here without checking the latest SFS.

The wizard shows one section a page, in the order of `SECTIONS`.

Every word a person reads is marked with `gettext_noop` (a local no-op, so this stays free of
Django) and translated where it is shown (forms, presentation, templates). Exports use the
English as it is here. Messages name a line through its own whole `question` ("how much you
pay for rent"), never a word cut from the label: Welsh mutates a noun after "am", "o" or "at".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .calculations import (
    FORTNIGHTLY,
    FOUR_WEEKLY,
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    YEARLY,
)


def gettext_noop(message: str) -> str:
    """Mark a string for the catalogue (makemessages and tests/i18n/extract.py know the name)
    and return it unchanged: it is translated when shown, in the reader's language."""
    return message


# How often an amount is paid or received: (value stored, what a person reads).
FREQUENCY_CHOICES: tuple[tuple[str, str], ...] = (
    (WEEKLY, gettext_noop("Every week")),
    (FORTNIGHTLY, gettext_noop("Every 2 weeks")),
    (FOUR_WEEKLY, gettext_noop("Every 4 weeks")),
    (MONTHLY, gettext_noop("Every month")),
    (QUARTERLY, gettext_noop("Every 3 months")),
    (YEARLY, gettext_noop("Every year")),
)
FREQUENCY_LABELS = dict(FREQUENCY_CHOICES)
# "... you get each week", for error messages and summaries.
FREQUENCY_PHRASES = {
    WEEKLY: gettext_noop("each week"),
    FORTNIGHTLY: gettext_noop("every 2 weeks"),
    FOUR_WEEKLY: gettext_noop("every 4 weeks"),
    MONTHLY: gettext_noop("each month"),
    QUARTERLY: gettext_noop("every 3 months"),
    YEARLY: gettext_noop("each year"),
}
FREQUENCY_SHORT = {
    WEEKLY: gettext_noop("a week"),
    FORTNIGHTLY: gettext_noop("every 2 weeks"),
    FOUR_WEEKLY: gettext_noop("every 4 weeks"),
    MONTHLY: gettext_noop("a month"),
    QUARTERLY: gettext_noop("every 3 months"),
    YEARLY: gettext_noop("a year"),
}

# Kinds of section.
HOUSEHOLD = "household"
INCOME = "income"
SPENDING = "spending"
PRIORITY_DEBTS = "priority_debts"
OTHER_DEBTS = "other_debts"

# The three flexible categories that have SFS spending guidelines.
COMMUNICATIONS_LEISURE = "communications_leisure"
FOOD_HOUSEKEEPING = "food_housekeeping"
PERSONAL = "personal"
GUIDELINE_CATEGORIES: tuple[tuple[str, str], ...] = (
    (COMMUNICATIONS_LEISURE, gettext_noop("Communications and leisure")),
    (FOOD_HOUSEKEEPING, gettext_noop("Food and housekeeping")),
    (PERSONAL, gettext_noop("Personal costs")),
)

# SFS employment status (employment-status-type): (value stored, what a person reads, SFS).
EMPLOYMENT_STATUSES: tuple[tuple[str, str, str], ...] = (
    ("full_time", gettext_noop("Working full-time"), "Full-time"),
    ("part_time", gettext_noop("Working part-time"), "Part-time"),
    ("self_employed", gettext_noop("Self-employed"), "Self-employed"),
    ("unemployed", gettext_noop("Not working"), "Unemployed"),
    (
        "illness",
        gettext_noop("Not working because of illness or disability"),
        "Not working due to illness / disability",
    ),
    ("carer", gettext_noop("Caring for someone"), "Carer"),
    ("retired", gettext_noop("Retired"), "Retired"),
    ("student", gettext_noop("Student"), "Student"),
    ("other", gettext_noop("Something else"), "Other"),
)


@dataclass(frozen=True)
class Line:
    """One amount in the budget: a wage, a benefit, a bill."""

    key: str
    sfs: str
    label: str
    help: str = ""
    # What messages ask for, as a whole phrase: "how much you pay for rent".
    question: str = ""
    # An essential line: it needs an amount or "I do not pay this".
    required: bool = False
    # The person says what it is (the SFS's free "other" lists).
    describe: bool = False


@dataclass(frozen=True)
class DebtKind:
    """A kind of debt, with what is owed and what is paid now."""

    key: str
    label: str
    help: str = ""
    priority: bool = False
    # What messages ask for, as whole phrases: "how much you owe for rent arrears" and
    # "how much you pay towards rent arrears".
    owed: str = ""
    paying: str = ""


@dataclass(frozen=True)
class Section:
    """One page of the wizard, and one group of the SFS."""

    key: str  # the page's address: /budget/<tenancy>/edit/<key>/
    kind: str
    title: str  # short name, for "check your answers" and progress
    heading: str  # the page's question
    intro: str = ""
    sfs: str = ""  # the SFS group element, e.g. "benefits"
    sfs_parent: str = ""  # e.g. "monthly-income" or "fixed-costs"
    sfs_total: str = ""  # e.g. "total-benefits"
    guideline: str | None = None  # the guideline category of a flexible section
    lines: tuple[Line, ...] = ()
    debts: tuple[DebtKind, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self):
        keys = {line.key for line in self.lines} | {debt.key for debt in self.debts}
        object.__setattr__(self, "keys", frozenset(keys))

    @property
    def is_lines(self) -> bool:
        return self.kind in (INCOME, SPENDING)

    @property
    def is_debts(self) -> bool:
        return self.kind in (PRIORITY_DEBTS, OTHER_DEBTS)


SECTIONS: tuple[Section, ...] = (
    Section(
        key="household",
        kind=HOUSEHOLD,
        title=gettext_noop("Your household"),
        heading=gettext_noop("About your household"),
        intro=gettext_noop(
            "This helps us compare your spending with what households like yours usually spend."
        ),
    ),
    # ------------------------------------------------------------------ monthly income
    Section(
        key="earnings",
        kind=INCOME,
        title=gettext_noop("Money from work"),
        heading=gettext_noop("Money from work"),
        intro=gettext_noop(
            "Put in what you get after tax and National Insurance (your take-home pay)."
        ),
        sfs="earnings",
        sfs_parent="monthly-income",
        sfs_total="total-earnings",
        lines=(
            Line(
                "client_wages",
                "client-salary-or-wages",
                gettext_noop("Your wages"),
                gettext_noop("Your take-home pay, including from self-employment."),
                question=gettext_noop("how much you get from your wages"),
            ),
            Line(
                "partner_wages",
                "partner-salary-or-wages",
                gettext_noop("Your partner's wages"),
                gettext_noop("Only if you live with a partner."),
                question=gettext_noop("how much you get from your partner's wages"),
            ),
            Line(
                "other_earnings",
                "other-earnings",
                gettext_noop("Other money from work"),
                gettext_noop("For example, cash-in-hand work, tips or a second job."),
                question=gettext_noop("how much you get from other work"),
            ),
        ),
    ),
    Section(
        key="benefits",
        kind=INCOME,
        title=gettext_noop("Benefits"),
        heading=gettext_noop("Benefits"),
        intro=gettext_noop("Put in what is paid to you or your partner."),
        sfs="benefits",
        sfs_parent="monthly-income",
        sfs_total="total-benefits",
        lines=(
            Line(
                "universal_credit",
                "tax-credits-universal-credit",
                gettext_noop("Universal Credit"),
                gettext_noop("What is paid after any deductions. Look at your latest statement."),
                question=gettext_noop("how much you get from Universal Credit"),
            ),
            Line(
                "housing_benefit",
                "local-housing-allowance",
                gettext_noop("Housing Benefit"),
                gettext_noop("Include it even if it is paid straight to us."),
                question=gettext_noop("how much you get from Housing Benefit"),
            ),
            Line(
                "council_tax_support",
                "council-tax-support",
                gettext_noop("Council Tax Support"),
                gettext_noop(
                    "Only if you put your full council tax bill, before the reduction, under "
                    "your spending."
                ),
                question=gettext_noop("how much you get from Council Tax Support"),
            ),
            Line(
                "child_benefit",
                "child-benefit",
                gettext_noop("Child Benefit"),
                question=gettext_noop("how much you get from Child Benefit"),
            ),
            Line(
                "disability_benefits",
                "disability-benefits",
                gettext_noop("Disability benefits"),
                gettext_noop(
                    "For example, Personal Independence Payment (PIP), Disability Living Allowance "
                    "or Attendance Allowance."
                ),
                question=gettext_noop("how much you get from disability benefits"),
            ),
            Line(
                "carers_allowance",
                "carers-allowance",
                gettext_noop("Carer's Allowance"),
                gettext_noop("Or Carer Support Payment in Scotland."),
                question=gettext_noop("how much you get from Carer's Allowance"),
            ),
            Line(
                "esa",
                "employment-support-allowance",
                gettext_noop("Employment and Support Allowance"),
                question=gettext_noop("how much you get from Employment and Support Allowance"),
            ),
            Line(
                "jsa_contribution",
                "jobseekers-allowance-contribution-based",
                gettext_noop("Jobseeker's Allowance (new style or contribution-based)"),
                question=gettext_noop("how much you get from Jobseeker's Allowance"),
            ),
            Line(
                "jsa_income",
                "jobseekers-allowance-income-based",
                gettext_noop("Jobseeker's Allowance (income-based)"),
                question=gettext_noop("how much you get from income-based Jobseeker's Allowance"),
            ),
            Line(
                "income_support",
                "income-support",
                gettext_noop("Income Support"),
                question=gettext_noop("how much you get from Income Support"),
            ),
            Line(
                "working_tax_credit",
                "working-tax-credit",
                gettext_noop("Working Tax Credit"),
                gettext_noop("Tax credits ended in April 2025. Only if you still get a payment."),
                question=gettext_noop("how much you get from Working Tax Credit"),
            ),
            Line(
                "child_tax_credit",
                "child-tax-credit",
                gettext_noop("Child Tax Credit"),
                gettext_noop("Tax credits ended in April 2025. Only if you still get a payment."),
                question=gettext_noop("how much you get from Child Tax Credit"),
            ),
            Line(
                "other_benefits",
                "other-benefits",
                gettext_noop("Other benefits"),
                gettext_noop(
                    "For example, Bereavement Support Payment or Industrial Injuries "
                    "Disablement Benefit."
                ),
                question=gettext_noop("how much you get from other benefits"),
            ),
        ),
    ),
    Section(
        key="pensions",
        kind=INCOME,
        title=gettext_noop("Pensions"),
        heading=gettext_noop("Pensions"),
        sfs="pensions",
        sfs_parent="monthly-income",
        sfs_total="total-pensions",
        lines=(
            Line(
                "state_pension",
                "state-pensions",
                gettext_noop("State Pension"),
                question=gettext_noop("how much you get from State Pension"),
            ),
            Line(
                "private_pensions",
                "private-work-pensions",
                gettext_noop("Work or private pensions"),
                gettext_noop("After tax."),
                question=gettext_noop("how much you get from work or private pensions"),
            ),
            Line(
                "pension_credit",
                "pension-credit",
                gettext_noop("Pension Credit"),
                question=gettext_noop("how much you get from Pension Credit"),
            ),
            Line(
                "other_pensions",
                "other-pensions",
                gettext_noop("Other pensions"),
                question=gettext_noop("how much you get from other pensions"),
            ),
        ),
    ),
    Section(
        key="other-income",
        kind=INCOME,
        title=gettext_noop("Other income"),
        heading=gettext_noop("Other money coming in"),
        sfs="other-income",
        sfs_parent="monthly-income",
        sfs_total="total-other-income",
        lines=(
            Line(
                "maintenance_received",
                "maintenance-child-support",
                gettext_noop("Child maintenance you get"),
                gettext_noop("Money a child's other parent pays you."),
                question=gettext_noop("how much you get from child maintenance"),
            ),
            Line(
                "boarders_lodgers",
                "boarders-lodgers",
                gettext_noop("Money from lodgers"),
                gettext_noop("Check your tenancy agreement first: you may need our permission."),
                question=gettext_noop("how much you get from lodgers"),
            ),
            Line(
                "non_dependant_contributions",
                "non-dependants-contributions",
                gettext_noop("Money from other adults who live with you"),
                gettext_noop("For example, a grown-up son or daughter who pays towards the bills."),
                question=gettext_noop("how much you get from other adults who live with you"),
            ),
            Line(
                "student_loans_grants",
                "student-loans-grants",
                gettext_noop("Student loans and grants"),
                gettext_noop("The part you use for living costs."),
                question=gettext_noop("how much you get from student loans and grants"),
            ),
            Line(
                "other_income",
                "other-other-income",
                gettext_noop("Any other money coming in"),
                question=gettext_noop("how much you get from other money"),
            ),
        ),
    ),
    # ------------------------------------------------------------------ fixed costs
    Section(
        key="home",
        kind=SPENDING,
        title=gettext_noop("Your home"),
        heading=gettext_noop("Your home"),
        intro=gettext_noop(
            "Where we can, we have filled in figures from your rent account. Change them if "
            "they are wrong."
        ),
        sfs="home-contents",
        sfs_parent="fixed-costs",
        sfs_total="total-home-contents",
        lines=(
            Line(
                "rent",
                "rent",
                gettext_noop("Rent"),
                gettext_noop(
                    "Your full rent, even if Housing Benefit or Universal Credit pays some or all "
                    "of it."
                ),
                required=True,
                question=gettext_noop("how much you pay for rent"),
            ),
            Line(
                "service_charges",
                "ground-rent-service-charges",
                gettext_noop("Service charges"),
                gettext_noop(
                    "For example, for cleaning shared areas, a door entry system or a warden."
                ),
                question=gettext_noop("how much you pay for service charges"),
            ),
            Line(
                "council_tax",
                "council-tax-rates",
                gettext_noop("Council tax"),
                gettext_noop(
                    "What you pay after any Council Tax Support. Most bills are paid over 10 or "
                    "12 months: put in the monthly amount."
                ),
                required=True,
                question=gettext_noop("how much you pay for council tax"),
            ),
            Line(
                "tv_licence",
                "tv-licence",
                gettext_noop("TV licence"),
                gettext_noop(
                    "Leave blank if you are paying off TV licence arrears: that goes under "
                    "priority debts."
                ),
                question=gettext_noop("how much you pay for your TV licence"),
            ),
            Line(
                "appliance_rental",
                "appliance-furniture-rental",
                gettext_noop("Renting appliances or furniture"),
                gettext_noop("For example, rent-to-own for a washing machine or sofa."),
                question=gettext_noop("how much you pay for renting appliances or furniture"),
            ),
            Line(
                "mortgage",
                "mortgage",
                gettext_noop("Mortgage"),
                gettext_noop("Only if you own part of your home (shared ownership)."),
                question=gettext_noop("how much you pay for your mortgage"),
            ),
            Line(
                "mortgage_endowment",
                "mortgage-endowment",
                gettext_noop("Mortgage endowment policy"),
                question=gettext_noop("how much you pay for mortgage endowment policy"),
            ),
            Line(
                "secured_loans",
                "secured-loans",
                gettext_noop("Loans secured on your home"),
                question=gettext_noop("how much you pay for loans secured on your home"),
            ),
            Line(
                "other_home",
                "other-home-contents",
                gettext_noop("Other costs for your home"),
                gettext_noop("For example, garage rent."),
                question=gettext_noop("how much you pay for other costs for your home"),
            ),
        ),
    ),
    Section(
        key="utilities",
        kind=SPENDING,
        title=gettext_noop("Gas and electricity"),
        heading=gettext_noop("Gas, electricity and other fuel"),
        intro=gettext_noop("If you pay on a prepayment meter, put in what you usually top up."),
        sfs="utilities",
        sfs_parent="fixed-costs",
        sfs_total="total-utilities",
        lines=(
            Line(
                "gas", "gas", gettext_noop("Gas"), question=gettext_noop("how much you pay for gas")
            ),
            Line(
                "electricity",
                "electricity",
                gettext_noop("Electricity"),
                required=True,
                question=gettext_noop("how much you pay for electricity"),
            ),
            Line(
                "other_utilities",
                "other-utilities",
                gettext_noop("Other fuel"),
                gettext_noop("For example, oil, LPG, coal or wood."),
                describe=True,
                question=gettext_noop("how much you pay for other fuel"),
            ),
        ),
    ),
    Section(
        key="water",
        kind=SPENDING,
        title=gettext_noop("Water"),
        heading=gettext_noop("Water"),
        intro=gettext_noop(
            "Most people get one bill for both. Put the whole bill under water supply."
        ),
        sfs="water",
        sfs_parent="fixed-costs",
        sfs_total="total-water",
        lines=(
            Line(
                "water_supply",
                "water-supply",
                gettext_noop("Water supply"),
                gettext_noop("Leave blank if your water is included in your rent."),
                question=gettext_noop("how much you pay for water"),
            ),
            Line(
                "water_waste",
                "water-waste",
                gettext_noop("Sewerage (waste water)"),
                gettext_noop("Only if you get a separate bill for it."),
                question=gettext_noop("how much you pay for sewerage"),
            ),
        ),
    ),
    Section(
        key="care-health",
        kind=SPENDING,
        title=gettext_noop("Care and health"),
        heading=gettext_noop("Care and health"),
        sfs="care-health",
        sfs_parent="fixed-costs",
        sfs_total="total-care-health",
        lines=(
            Line(
                "childcare",
                "childcare-costs",
                gettext_noop("Childcare"),
                gettext_noop("What you pay after any help."),
                question=gettext_noop("how much you pay for childcare"),
            ),
            Line(
                "adult_care",
                "adult-care-costs",
                gettext_noop("Care for an adult"),
                question=gettext_noop("how much you pay for care for an adult"),
            ),
            Line(
                "child_maintenance_paid",
                "child-maintenance-child-support",
                gettext_noop("Child maintenance you pay"),
                gettext_noop(
                    "Payments for a child who does not live with you. Arrears go under priority "
                    "debts."
                ),
                question=gettext_noop("how much you pay for child maintenance"),
            ),
            Line(
                "prescriptions",
                "prescriptions-medicines",
                gettext_noop("Prescriptions and medicines"),
                gettext_noop(
                    "You may be able to get free prescriptions or a prepayment certificate."
                ),
                question=gettext_noop("how much you pay for prescriptions and medicines"),
            ),
            Line(
                "dentist_optician",
                "dentistry-opticians",
                gettext_noop("Dentist and optician"),
                question=gettext_noop("how much you pay for the dentist and optician"),
            ),
            Line(
                "other_care_health",
                "other-care-health",
                gettext_noop("Other care and health costs"),
                question=gettext_noop("how much you pay for other care and health costs"),
            ),
        ),
    ),
    Section(
        key="travel",
        kind=SPENDING,
        title=gettext_noop("Travel"),
        heading=gettext_noop("Travel"),
        sfs="transport-travel",
        sfs_parent="fixed-costs",
        sfs_total="total-transport-travel",
        lines=(
            Line(
                "public_transport",
                "public-transport",
                gettext_noop("Buses, trains and taxis"),
                question=gettext_noop("how much you pay for buses, trains and taxis"),
            ),
            Line(
                "vehicle_finance",
                "hire-purchase-conditional-sale-vehicle",
                gettext_noop("Car finance"),
                gettext_noop("Hire purchase or conditional sale payments for a car or motorbike."),
                question=gettext_noop("how much you pay for car finance"),
            ),
            Line(
                "car_insurance",
                "car-insurance",
                gettext_noop("Car insurance"),
                question=gettext_noop("how much you pay for car insurance"),
            ),
            Line(
                "road_tax",
                "road-tax",
                gettext_noop("Road tax"),
                question=gettext_noop("how much you pay for road tax"),
            ),
            Line(
                "vehicle_maintenance",
                "mot-ongoing-maintenance",
                gettext_noop("MOT, servicing and repairs"),
                question=gettext_noop("how much you pay for MOT, servicing and repairs"),
            ),
            Line(
                "breakdown_cover",
                "breakdown-cover",
                gettext_noop("Breakdown cover"),
                question=gettext_noop("how much you pay for breakdown cover"),
            ),
            Line(
                "fuel_parking",
                "fuel-parking-toll-road-charges",
                gettext_noop("Fuel, parking and tolls"),
                question=gettext_noop("how much you pay for fuel, parking and tolls"),
            ),
            Line(
                "other_travel",
                "other-transport-travel",
                gettext_noop("Other travel costs"),
                question=gettext_noop("how much you pay for other travel costs"),
            ),
        ),
    ),
    Section(
        key="school",
        kind=SPENDING,
        title=gettext_noop("School costs"),
        heading=gettext_noop("School costs"),
        sfs="school",
        sfs_parent="fixed-costs",
        sfs_total="total-school",
        lines=(
            Line(
                "school_uniform",
                "school-uniform",
                gettext_noop("School uniform"),
                gettext_noop("Spread over the year: for example, £120 a year."),
                question=gettext_noop("how much you pay for school uniform"),
            ),
            Line(
                "school_clubs_trips",
                "after-school-clubs-school-trips",
                gettext_noop("After-school clubs and school trips"),
                question=gettext_noop("how much you pay for after-school clubs and school trips"),
            ),
            Line(
                "other_school",
                "other-school",
                gettext_noop("Other school costs"),
                question=gettext_noop("how much you pay for other school costs"),
            ),
        ),
    ),
    Section(
        key="pensions-insurance",
        kind=SPENDING,
        title=gettext_noop("Pensions and insurance"),
        heading=gettext_noop("Pension payments and insurance"),
        sfs="pensions-insurance",
        sfs_parent="fixed-costs",
        sfs_total="total-pensions-insurances",
        lines=(
            Line(
                "pension_payments",
                "pension-payments",
                gettext_noop("Pension payments"),
                gettext_noop("Only if you pay into a pension yourself, not through your wages."),
                question=gettext_noop("how much you pay into a pension"),
            ),
            Line(
                "life_insurance",
                "life-insurance",
                gettext_noop("Life insurance"),
                question=gettext_noop("how much you pay for life insurance"),
            ),
            Line(
                "mortgage_protection",
                "mortgage-payment-protection-insurance",
                gettext_noop("Mortgage payment protection insurance"),
                question=gettext_noop("how much you pay for mortgage payment protection insurance"),
            ),
            Line(
                "contents_insurance",
                "buildings-contents-insurance",
                gettext_noop("Home contents insurance"),
                gettext_noop("Insurance for your belongings. We insure the building."),
                question=gettext_noop("how much you pay for home contents insurance"),
            ),
            Line(
                "health_insurance",
                "health-insurance",
                gettext_noop("Health insurance"),
                question=gettext_noop("how much you pay for health insurance"),
            ),
            Line(
                "other_insurance",
                "other-pensions-insurances",
                gettext_noop("Other insurance"),
                question=gettext_noop("how much you pay for other insurance"),
            ),
        ),
    ),
    Section(
        key="professional",
        kind=SPENDING,
        title=gettext_noop("Work costs"),
        heading=gettext_noop("Costs for your work"),
        sfs="professional",
        sfs_parent="fixed-costs",
        sfs_total="total-professional",
        lines=(
            Line(
                "professional_courses",
                "professional-courses",
                gettext_noop("Courses for work"),
                question=gettext_noop("how much you pay for courses for work"),
            ),
            Line(
                "union_fees",
                "union-fees",
                gettext_noop("Trade union fees"),
                question=gettext_noop("how much you pay for trade union fees"),
            ),
            Line(
                "professional_fees",
                "professional-fees",
                gettext_noop("Professional fees"),
                gettext_noop("For example, registration with a professional body."),
                question=gettext_noop("how much you pay for professional fees"),
            ),
            Line(
                "other_professional",
                "other-professional",
                gettext_noop("Other work costs"),
                question=gettext_noop("how much you pay for other work costs"),
            ),
        ),
    ),
    Section(
        key="other-essential",
        kind=SPENDING,
        title=gettext_noop("Other essential costs"),
        heading=gettext_noop("Other essential costs"),
        intro=gettext_noop("Anything else you must pay that is not on another page."),
        sfs="other-essential",
        sfs_parent="fixed-costs",
        sfs_total="total-other-essential",
        lines=(
            Line(
                "other_essential",
                "other-essential-costs",
                gettext_noop("Other essential costs"),
                gettext_noop(
                    "Say what it is, for example, funeral plan or support for a relative."
                ),
                describe=True,
                question=gettext_noop("how much you pay for other essential costs"),
            ),
        ),
    ),
    # ------------------------------------------------------------------ flexible costs
    Section(
        key="communications-leisure",
        kind=SPENDING,
        title=gettext_noop("Phone, internet and leisure"),
        heading=gettext_noop("Phone, internet and leisure"),
        sfs="communications-leisure",
        sfs_parent="flexible-costs",
        sfs_total="total-communications-leisure",
        guideline=COMMUNICATIONS_LEISURE,
        lines=(
            Line(
                "home_phone_internet_tv",
                "home-phone-internet-tv",
                gettext_noop("Home phone, internet and TV packages"),
                gettext_noop("For example, broadband, a landline or a TV subscription."),
                question=gettext_noop("how much you pay for home phone, internet and TV"),
            ),
            Line(
                "mobile_phone",
                "mobile-phone",
                gettext_noop("Mobile phones"),
                question=gettext_noop("how much you pay for mobile phones"),
            ),
            Line(
                "hobbies_leisure",
                "hobbies-leisure-sport",
                gettext_noop("Hobbies, leisure and sport"),
                question=gettext_noop("how much you pay for hobbies, leisure and sport"),
            ),
            Line(
                "gifts",
                "gifts",
                gettext_noop("Presents"),
                gettext_noop("Birthdays, Christmas and other celebrations, spread over the year."),
                question=gettext_noop("how much you pay for presents"),
            ),
            Line(
                "pocket_money",
                "pocket-money",
                gettext_noop("Pocket money"),
                question=gettext_noop("how much you pay for pocket money"),
            ),
            Line(
                "newspapers_postage",
                "newspapers-magazines-stationery-postage",
                gettext_noop("Newspapers, magazines, stationery and postage"),
                question=gettext_noop(
                    "how much you pay for newspapers, magazines, stationery and postage"
                ),
            ),
            Line(
                "other_communications_leisure",
                "other-communications-leisure",
                gettext_noop("Other leisure costs"),
                question=gettext_noop("how much you pay for other leisure costs"),
            ),
        ),
    ),
    Section(
        key="food-housekeeping",
        kind=SPENDING,
        title=gettext_noop("Food and housekeeping"),
        heading=gettext_noop("Food and housekeeping"),
        sfs="food-housekeeping",
        sfs_parent="flexible-costs",
        sfs_total="total-food-housekeeping",
        guideline=FOOD_HOUSEKEEPING,
        lines=(
            Line(
                "groceries",
                "groceries",
                gettext_noop("Food and groceries"),
                gettext_noop("Food, drink and household things like cleaning products."),
                required=True,
                question=gettext_noop("how much you pay for food and groceries"),
            ),
            Line(
                "nappies_baby",
                "nappies-baby-items",
                gettext_noop("Nappies and baby items"),
                question=gettext_noop("how much you pay for nappies and baby items"),
            ),
            Line(
                "school_work_meals",
                "school-work-meals",
                gettext_noop("School meals and meals at work"),
                question=gettext_noop("how much you pay for school meals and meals at work"),
            ),
            Line(
                "laundry",
                "laundry-dry-cleaning",
                gettext_noop("Laundry and dry cleaning"),
                question=gettext_noop("how much you pay for laundry"),
            ),
            Line(
                "alcohol",
                "alcohol",
                gettext_noop("Alcohol"),
                question=gettext_noop("how much you pay for alcohol"),
            ),
            Line(
                "smoking",
                "smoking-products",
                gettext_noop("Cigarettes, tobacco and vaping"),
                question=gettext_noop("how much you pay for smoking"),
            ),
            Line(
                "pets",
                "vet-bills-pet-insurance",
                gettext_noop("Pets"),
                gettext_noop("Food, vet bills and pet insurance."),
                question=gettext_noop("how much you pay for pets"),
            ),
            Line(
                "house_repairs",
                "house-repairs-maintenance",
                gettext_noop("Things for the home"),
                gettext_noop(
                    "For example, bedding, light bulbs or small repairs that are yours to do."
                ),
                question=gettext_noop("how much you pay for things for the home"),
            ),
            Line(
                "other_food_housekeeping",
                "other-food-housekeeping",
                gettext_noop("Other housekeeping costs"),
                question=gettext_noop("how much you pay for other housekeeping costs"),
            ),
        ),
    ),
    Section(
        key="personal",
        kind=SPENDING,
        title=gettext_noop("Personal costs"),
        heading=gettext_noop("Personal costs"),
        sfs="personal",
        sfs_parent="flexible-costs",
        sfs_total="total-personal",
        guideline=PERSONAL,
        lines=(
            Line(
                "clothing",
                "clothing-footwear",
                gettext_noop("Clothes and shoes"),
                question=gettext_noop("how much you pay for clothes and shoes"),
            ),
            Line(
                "hairdressing",
                "hairdressing",
                gettext_noop("Haircuts"),
                question=gettext_noop("how much you pay for haircuts"),
            ),
            Line(
                "toiletries",
                "toiletries",
                gettext_noop("Toiletries"),
                question=gettext_noop("how much you pay for toiletries"),
            ),
            Line(
                "other_personal",
                "other-personal",
                gettext_noop("Other personal costs"),
                question=gettext_noop("how much you pay for other personal costs"),
            ),
        ),
    ),
    # ------------------------------------------------------------------ savings and debts
    Section(
        key="savings",
        kind=SPENDING,
        title=gettext_noop("Savings"),
        heading=gettext_noop("Saving"),
        intro=gettext_noop(
            "Putting a little aside, even £10 a month, can stop a surprise bill turning into "
            "a debt. Debt advisers usually leave room for it."
        ),
        sfs="savings",
        sfs_total="savings-contribution",
        lines=(
            Line(
                "savings_contribution",
                "savings-contribution",
                gettext_noop("Money you save"),
                gettext_noop(
                    "What you put aside regularly, for example into a savings account or credit "
                    "union."
                ),
                question=gettext_noop("how much you save"),
            ),
        ),
    ),
    Section(
        key="priority-debts",
        kind=PRIORITY_DEBTS,
        title=gettext_noop("Priority debts"),
        heading=gettext_noop("Priority debts"),
        intro=gettext_noop(
            "These are the debts where not paying can lead to losing your home, having your "
            "energy cut off, or court action. Leave blank any you do not have."
        ),
        sfs="priority-debts",
        sfs_parent="debts",
        sfs_total="total-priority-debts",
        debts=(
            DebtKind(
                "rent_arrears",
                gettext_noop("Rent arrears"),
                gettext_noop(
                    "We have filled in what your rent account shows today. Only put what you pay "
                    "towards the arrears, on top of your normal rent."
                ),
                priority=True,
                owed=gettext_noop("how much you owe for rent arrears"),
                paying=gettext_noop("how much you pay towards rent arrears"),
            ),
            DebtKind(
                "council_tax_arrears",
                gettext_noop("Council tax arrears"),
                priority=True,
                owed=gettext_noop("how much you owe for council tax arrears"),
                paying=gettext_noop("how much you pay towards council tax arrears"),
            ),
            DebtKind(
                "energy_arrears",
                gettext_noop("Gas or electricity arrears"),
                priority=True,
                owed=gettext_noop("how much you owe for gas or electricity arrears"),
                paying=gettext_noop("how much you pay towards gas or electricity arrears"),
            ),
            DebtKind(
                "water_arrears",
                gettext_noop("Water arrears"),
                priority=True,
                owed=gettext_noop("how much you owe for water arrears"),
                paying=gettext_noop("how much you pay towards water arrears"),
            ),
            DebtKind(
                "magistrates_fines",
                gettext_noop("Magistrates' court fines"),
                priority=True,
                owed=gettext_noop("how much you owe for magistrates' court fines"),
                paying=gettext_noop("how much you pay towards magistrates' court fines"),
            ),
            DebtKind(
                "child_maintenance_arrears",
                gettext_noop("Child maintenance arrears"),
                priority=True,
                owed=gettext_noop("how much you owe for child maintenance arrears"),
                paying=gettext_noop("how much you pay towards child maintenance arrears"),
            ),
            DebtKind(
                "tv_licence_arrears",
                gettext_noop("TV licence arrears"),
                priority=True,
                owed=gettext_noop("how much you owe for TV licence arrears"),
                paying=gettext_noop("how much you pay towards TV licence arrears"),
            ),
            DebtKind(
                "hmrc",
                gettext_noop("Money owed to HMRC"),
                gettext_noop("For example, income tax, VAT or a tax credit overpayment."),
                priority=True,
                owed=gettext_noop("how much you owe HMRC"),
                paying=gettext_noop("how much you pay towards money owed to HMRC"),
            ),
        ),
    ),
    Section(
        key="other-debts",
        kind=OTHER_DEBTS,
        title=gettext_noop("Other debts"),
        heading=gettext_noop("Other debts"),
        intro=gettext_noop(
            "Leave blank any you do not have. If you have more than one of a kind, add them "
            "together."
        ),
        sfs="non-priority-debts",
        sfs_parent="debts",
        sfs_total="total-non-priority-debts",
        debts=(
            DebtKind(
                "credit_cards",
                gettext_noop("Credit cards and store cards"),
                owed=gettext_noop("how much you owe for credit cards and store cards"),
                paying=gettext_noop("how much you pay towards credit cards and store cards"),
            ),
            DebtKind(
                "loans",
                gettext_noop("Loans"),
                gettext_noop("For example, bank loans, payday loans or doorstep loans."),
                owed=gettext_noop("how much you owe for loans"),
                paying=gettext_noop("how much you pay towards loans"),
            ),
            DebtKind(
                "catalogues",
                gettext_noop("Catalogues"),
                owed=gettext_noop("how much you owe for catalogues"),
                paying=gettext_noop("how much you pay towards catalogues"),
            ),
            DebtKind(
                "buy_now_pay_later",
                gettext_noop("Buy now, pay later"),
                gettext_noop("For example, Klarna or Clearpay."),
                owed=gettext_noop("how much you owe for buy now, pay later"),
                paying=gettext_noop("how much you pay towards buy now, pay later"),
            ),
            DebtKind(
                "overdrafts",
                gettext_noop("Overdrafts"),
                owed=gettext_noop("how much you owe for overdrafts"),
                paying=gettext_noop("how much you pay towards overdrafts"),
            ),
            DebtKind(
                "other_debts",
                gettext_noop("Other debts"),
                gettext_noop(
                    "For example, money you owe friends or family, or a benefit overpayment."
                ),
                owed=gettext_noop("how much you owe for other debts"),
                paying=gettext_noop("how much you pay towards other debts"),
            ),
        ),
    ),
)

SECTIONS_BY_KEY: dict[str, Section] = {section.key: section for section in SECTIONS}
SECTION_KEYS: tuple[str, ...] = tuple(section.key for section in SECTIONS)
LINES: dict[str, Line] = {line.key: line for section in SECTIONS for line in section.lines}
LINE_SECTION: dict[str, Section] = {
    line.key: section for section in SECTIONS for line in section.lines
}
DEBT_KINDS: dict[str, DebtKind] = {debt.key: debt for section in SECTIONS for debt in section.debts}
INCOME_KEYS = frozenset(key for key, section in LINE_SECTION.items() if section.kind == INCOME)

# The income lines the benefits check may fill in: services.budget_prefill_benefit_income.
BENEFIT_INCOME_KEYS: tuple[str, ...] = (
    *(line.key for line in SECTIONS_BY_KEY["benefits"].lines),
    "state_pension",
    "pension_credit",
)

# Filled in from the tenancy's accounts when a budget is started.
RENT_KEY = "rent"
SERVICE_CHARGES_KEY = "service_charges"
RENT_ARREARS_KEY = "rent_arrears"


def next_section(key: str) -> Section | None:
    index = SECTION_KEYS.index(key)
    return SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None


def previous_section(key: str) -> Section | None:
    index = SECTION_KEYS.index(key)
    return SECTIONS[index - 1] if index > 0 else None
