"""The Standard Financial Statement's category tree, as data.

Pure: no Django import. Every line carries its SFS element name from the SFS Developer Toolkit
Data Definition Specification v1.1 (`dds/v1.1/json/sfs-data-entry-schema.json`), so exports can
be written in the SFS structure. Our own keys (`key`) are what the database stores; the SFS
names (`sfs`) are only for exports. SFS members must use the categories "with no amendment,
deletion or addition", so lines are not added or removed here without checking the latest SFS.

The wizard shows one section a page, in the order of `SECTIONS`.
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

# How often an amount is paid or received: (value stored, what a person reads).
FREQUENCY_CHOICES: tuple[tuple[str, str], ...] = (
    (WEEKLY, "Every week"),
    (FORTNIGHTLY, "Every 2 weeks"),
    (FOUR_WEEKLY, "Every 4 weeks"),
    (MONTHLY, "Every month"),
    (QUARTERLY, "Every 3 months"),
    (YEARLY, "Every year"),
)
FREQUENCY_LABELS = dict(FREQUENCY_CHOICES)
# "... you get each week", for error messages and summaries.
FREQUENCY_PHRASES = {
    WEEKLY: "each week",
    FORTNIGHTLY: "every 2 weeks",
    FOUR_WEEKLY: "every 4 weeks",
    MONTHLY: "each month",
    QUARTERLY: "every 3 months",
    YEARLY: "each year",
}
FREQUENCY_SHORT = {
    WEEKLY: "a week",
    FORTNIGHTLY: "every 2 weeks",
    FOUR_WEEKLY: "every 4 weeks",
    MONTHLY: "a month",
    QUARTERLY: "every 3 months",
    YEARLY: "a year",
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
    (COMMUNICATIONS_LEISURE, "Communications and leisure"),
    (FOOD_HOUSEKEEPING, "Food and housekeeping"),
    (PERSONAL, "Personal costs"),
)

# SFS employment status (employment-status-type): (value stored, what a person reads, SFS).
EMPLOYMENT_STATUSES: tuple[tuple[str, str, str], ...] = (
    ("full_time", "Working full-time", "Full-time"),
    ("part_time", "Working part-time", "Part-time"),
    ("self_employed", "Self-employed", "Self-employed"),
    ("unemployed", "Not working", "Unemployed"),
    (
        "illness",
        "Not working because of illness or disability",
        "Not working due to illness / disability",
    ),
    ("carer", "Caring for someone", "Carer"),
    ("retired", "Retired", "Retired"),
    ("student", "Student", "Student"),
    ("other", "Something else", "Other"),
)


@dataclass(frozen=True)
class Line:
    """One amount in the budget: a wage, a benefit, a bill."""

    key: str
    sfs: str
    label: str
    help: str = ""
    # What the amount is, in a sentence: "how much you pay for {noun}".
    noun: str = ""
    # An essential line: it needs an amount or "I do not pay this".
    required: bool = False
    # The person says what it is (the SFS's free "other" lists).
    describe: bool = False
    # Overrides "how much you get from / pay for {noun}" in messages.
    question: str = ""

    @property
    def what(self) -> str:
        return self.noun or self.label[0].lower() + self.label[1:]


@dataclass(frozen=True)
class DebtKind:
    """A kind of debt, with what is owed and what is paid now."""

    key: str
    label: str
    help: str = ""
    priority: bool = False
    # "how much you owe ...", for messages; default "for <label>".
    owe: str = ""

    @property
    def what(self) -> str:
        return self.label[0].lower() + self.label[1:]

    @property
    def how_much_owed(self) -> str:
        return f"how much you owe {self.owe or 'for ' + self.what}"


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
        title="Your household",
        heading="About your household",
        intro="This helps us compare your spending with what households like yours usually spend.",
    ),
    # ------------------------------------------------------------------ monthly income
    Section(
        key="earnings",
        kind=INCOME,
        title="Money from work",
        heading="Money from work",
        intro="Put in what you get after tax and National Insurance (your take-home pay).",
        sfs="earnings",
        sfs_parent="monthly-income",
        sfs_total="total-earnings",
        lines=(
            Line(
                "client_wages",
                "client-salary-or-wages",
                "Your wages",
                "Your take-home pay, including from self-employment.",
            ),
            Line(
                "partner_wages",
                "partner-salary-or-wages",
                "Your partner's wages",
                "Only if you live with a partner.",
            ),
            Line(
                "other_earnings",
                "other-earnings",
                "Other money from work",
                "For example, cash-in-hand work, tips or a second job.",
                noun="other work",
            ),
        ),
    ),
    Section(
        key="benefits",
        kind=INCOME,
        title="Benefits",
        heading="Benefits",
        intro="Put in what is paid to you or your partner.",
        sfs="benefits",
        sfs_parent="monthly-income",
        sfs_total="total-benefits",
        lines=(
            Line(
                "universal_credit",
                "tax-credits-universal-credit",
                "Universal Credit",
                "What is paid after any deductions. Look at your latest statement.",
                noun="Universal Credit",
            ),
            Line(
                "housing_benefit",
                "local-housing-allowance",
                "Housing Benefit",
                "Include it even if it is paid straight to us.",
                noun="Housing Benefit",
            ),
            Line(
                "council_tax_support",
                "council-tax-support",
                "Council Tax Support",
                "Only if you put your full council tax bill, before the reduction, under "
                "your spending.",
                noun="Council Tax Support",
            ),
            Line(
                "child_benefit",
                "child-benefit",
                "Child Benefit",
                noun="Child Benefit",
            ),
            Line(
                "disability_benefits",
                "disability-benefits",
                "Disability benefits",
                "For example, Personal Independence Payment (PIP), Disability Living Allowance "
                "or Attendance Allowance.",
            ),
            Line(
                "carers_allowance",
                "carers-allowance",
                "Carer's Allowance",
                "Or Carer Support Payment in Scotland.",
                noun="Carer's Allowance",
            ),
            Line(
                "esa",
                "employment-support-allowance",
                "Employment and Support Allowance",
                noun="Employment and Support Allowance",
            ),
            Line(
                "jsa_contribution",
                "jobseekers-allowance-contribution-based",
                "Jobseeker's Allowance (new style or contribution-based)",
                noun="Jobseeker's Allowance",
            ),
            Line(
                "jsa_income",
                "jobseekers-allowance-income-based",
                "Jobseeker's Allowance (income-based)",
                noun="income-based Jobseeker's Allowance",
            ),
            Line(
                "income_support",
                "income-support",
                "Income Support",
                noun="Income Support",
            ),
            Line(
                "working_tax_credit",
                "working-tax-credit",
                "Working Tax Credit",
                "Tax credits ended in April 2025. Only if you still get a payment.",
                noun="Working Tax Credit",
            ),
            Line(
                "child_tax_credit",
                "child-tax-credit",
                "Child Tax Credit",
                "Tax credits ended in April 2025. Only if you still get a payment.",
                noun="Child Tax Credit",
            ),
            Line(
                "other_benefits",
                "other-benefits",
                "Other benefits",
                "For example, Bereavement Support Payment or Industrial Injuries "
                "Disablement Benefit.",
            ),
        ),
    ),
    Section(
        key="pensions",
        kind=INCOME,
        title="Pensions",
        heading="Pensions",
        sfs="pensions",
        sfs_parent="monthly-income",
        sfs_total="total-pensions",
        lines=(
            Line("state_pension", "state-pensions", "State Pension", noun="State Pension"),
            Line(
                "private_pensions",
                "private-work-pensions",
                "Work or private pensions",
                "After tax.",
            ),
            Line("pension_credit", "pension-credit", "Pension Credit", noun="Pension Credit"),
            Line("other_pensions", "other-pensions", "Other pensions"),
        ),
    ),
    Section(
        key="other-income",
        kind=INCOME,
        title="Other income",
        heading="Other money coming in",
        sfs="other-income",
        sfs_parent="monthly-income",
        sfs_total="total-other-income",
        lines=(
            Line(
                "maintenance_received",
                "maintenance-child-support",
                "Child maintenance you get",
                "Money a child's other parent pays you.",
                noun="child maintenance",
            ),
            Line(
                "boarders_lodgers",
                "boarders-lodgers",
                "Money from lodgers",
                "Check your tenancy agreement first: you may need our permission.",
                noun="lodgers",
                question="how much you get from lodgers",
            ),
            Line(
                "non_dependant_contributions",
                "non-dependants-contributions",
                "Money from other adults who live with you",
                "For example, a grown-up son or daughter who pays towards the bills.",
                noun="other adults who live with you",
            ),
            Line(
                "student_loans_grants",
                "student-loans-grants",
                "Student loans and grants",
                "The part you use for living costs.",
            ),
            Line(
                "other_income",
                "other-other-income",
                "Any other money coming in",
                noun="other money",
            ),
        ),
    ),
    # ------------------------------------------------------------------ fixed costs
    Section(
        key="home",
        kind=SPENDING,
        title="Your home",
        heading="Your home",
        intro="Where we can, we have filled in figures from your rent account. Change them if "
        "they are wrong.",
        sfs="home-contents",
        sfs_parent="fixed-costs",
        sfs_total="total-home-contents",
        lines=(
            Line(
                "rent",
                "rent",
                "Rent",
                "Your full rent, even if Housing Benefit or Universal Credit pays some or all "
                "of it.",
                noun="rent",
                required=True,
            ),
            Line(
                "service_charges",
                "ground-rent-service-charges",
                "Service charges",
                "For example, for cleaning shared areas, a door entry system or a warden.",
                noun="service charges",
            ),
            Line(
                "council_tax",
                "council-tax-rates",
                "Council tax",
                "What you pay after any Council Tax Support. Most bills are paid over 10 or "
                "12 months: put in the monthly amount.",
                noun="council tax",
                required=True,
            ),
            Line(
                "tv_licence",
                "tv-licence",
                "TV licence",
                "Leave blank if you are paying off TV licence arrears: that goes under "
                "priority debts.",
                noun="your TV licence",
            ),
            Line(
                "appliance_rental",
                "appliance-furniture-rental",
                "Renting appliances or furniture",
                "For example, rent-to-own for a washing machine or sofa.",
                noun="renting appliances or furniture",
            ),
            Line(
                "mortgage",
                "mortgage",
                "Mortgage",
                "Only if you own part of your home (shared ownership).",
                noun="your mortgage",
            ),
            Line("mortgage_endowment", "mortgage-endowment", "Mortgage endowment policy"),
            Line(
                "secured_loans",
                "secured-loans",
                "Loans secured on your home",
                noun="loans secured on your home",
            ),
            Line(
                "other_home",
                "other-home-contents",
                "Other costs for your home",
                "For example, garage rent.",
                noun="other costs for your home",
            ),
        ),
    ),
    Section(
        key="utilities",
        kind=SPENDING,
        title="Gas and electricity",
        heading="Gas, electricity and other fuel",
        intro="If you pay on a prepayment meter, put in what you usually top up.",
        sfs="utilities",
        sfs_parent="fixed-costs",
        sfs_total="total-utilities",
        lines=(
            Line("gas", "gas", "Gas", noun="gas"),
            Line("electricity", "electricity", "Electricity", noun="electricity", required=True),
            Line(
                "other_utilities",
                "other-utilities",
                "Other fuel",
                "For example, oil, LPG, coal or wood.",
                noun="other fuel",
                describe=True,
            ),
        ),
    ),
    Section(
        key="water",
        kind=SPENDING,
        title="Water",
        heading="Water",
        intro="Most people get one bill for both. Put the whole bill under water supply.",
        sfs="water",
        sfs_parent="fixed-costs",
        sfs_total="total-water",
        lines=(
            Line(
                "water_supply",
                "water-supply",
                "Water supply",
                "Leave blank if your water is included in your rent.",
                noun="water",
            ),
            Line(
                "water_waste",
                "water-waste",
                "Sewerage (waste water)",
                "Only if you get a separate bill for it.",
                noun="sewerage",
            ),
        ),
    ),
    Section(
        key="care-health",
        kind=SPENDING,
        title="Care and health",
        heading="Care and health",
        sfs="care-health",
        sfs_parent="fixed-costs",
        sfs_total="total-care-health",
        lines=(
            Line(
                "childcare",
                "childcare-costs",
                "Childcare",
                "What you pay after any help.",
                noun="childcare",
            ),
            Line("adult_care", "adult-care-costs", "Care for an adult", noun="care for an adult"),
            Line(
                "child_maintenance_paid",
                "child-maintenance-child-support",
                "Child maintenance you pay",
                "Payments for a child who does not live with you. Arrears go under priority debts.",
                noun="child maintenance",
            ),
            Line(
                "prescriptions",
                "prescriptions-medicines",
                "Prescriptions and medicines",
                "You may be able to get free prescriptions or a prepayment certificate.",
                noun="prescriptions and medicines",
            ),
            Line(
                "dentist_optician",
                "dentistry-opticians",
                "Dentist and optician",
                noun="the dentist and optician",
            ),
            Line("other_care_health", "other-care-health", "Other care and health costs"),
        ),
    ),
    Section(
        key="travel",
        kind=SPENDING,
        title="Travel",
        heading="Travel",
        sfs="transport-travel",
        sfs_parent="fixed-costs",
        sfs_total="total-transport-travel",
        lines=(
            Line(
                "public_transport",
                "public-transport",
                "Buses, trains and taxis",
                noun="buses, trains and taxis",
            ),
            Line(
                "vehicle_finance",
                "hire-purchase-conditional-sale-vehicle",
                "Car finance",
                "Hire purchase or conditional sale payments for a car or motorbike.",
                noun="car finance",
            ),
            Line("car_insurance", "car-insurance", "Car insurance", noun="car insurance"),
            Line("road_tax", "road-tax", "Road tax", noun="road tax"),
            Line(
                "vehicle_maintenance",
                "mot-ongoing-maintenance",
                "MOT, servicing and repairs",
                noun="MOT, servicing and repairs",
            ),
            Line("breakdown_cover", "breakdown-cover", "Breakdown cover", noun="breakdown cover"),
            Line(
                "fuel_parking",
                "fuel-parking-toll-road-charges",
                "Fuel, parking and tolls",
                noun="fuel, parking and tolls",
            ),
            Line("other_travel", "other-transport-travel", "Other travel costs"),
        ),
    ),
    Section(
        key="school",
        kind=SPENDING,
        title="School costs",
        heading="School costs",
        sfs="school",
        sfs_parent="fixed-costs",
        sfs_total="total-school",
        lines=(
            Line(
                "school_uniform",
                "school-uniform",
                "School uniform",
                "Spread over the year: for example, £120 a year.",
                noun="school uniform",
            ),
            Line(
                "school_clubs_trips",
                "after-school-clubs-school-trips",
                "After-school clubs and school trips",
            ),
            Line("other_school", "other-school", "Other school costs"),
        ),
    ),
    Section(
        key="pensions-insurance",
        kind=SPENDING,
        title="Pensions and insurance",
        heading="Pension payments and insurance",
        sfs="pensions-insurance",
        sfs_parent="fixed-costs",
        sfs_total="total-pensions-insurances",
        lines=(
            Line(
                "pension_payments",
                "pension-payments",
                "Pension payments",
                "Only if you pay into a pension yourself, not through your wages.",
                question="how much you pay into a pension",
            ),
            Line("life_insurance", "life-insurance", "Life insurance", noun="life insurance"),
            Line(
                "mortgage_protection",
                "mortgage-payment-protection-insurance",
                "Mortgage payment protection insurance",
            ),
            Line(
                "contents_insurance",
                "buildings-contents-insurance",
                "Home contents insurance",
                "Insurance for your belongings. We insure the building.",
                noun="home contents insurance",
            ),
            Line(
                "health_insurance", "health-insurance", "Health insurance", noun="health insurance"
            ),
            Line("other_insurance", "other-pensions-insurances", "Other insurance"),
        ),
    ),
    Section(
        key="professional",
        kind=SPENDING,
        title="Work costs",
        heading="Costs for your work",
        sfs="professional",
        sfs_parent="fixed-costs",
        sfs_total="total-professional",
        lines=(
            Line("professional_courses", "professional-courses", "Courses for work"),
            Line("union_fees", "union-fees", "Trade union fees", noun="trade union fees"),
            Line(
                "professional_fees",
                "professional-fees",
                "Professional fees",
                "For example, registration with a professional body.",
                noun="professional fees",
            ),
            Line("other_professional", "other-professional", "Other work costs"),
        ),
    ),
    Section(
        key="other-essential",
        kind=SPENDING,
        title="Other essential costs",
        heading="Other essential costs",
        intro="Anything else you must pay that is not on another page.",
        sfs="other-essential",
        sfs_parent="fixed-costs",
        sfs_total="total-other-essential",
        lines=(
            Line(
                "other_essential",
                "other-essential-costs",
                "Other essential costs",
                "Say what it is, for example, funeral plan or support for a relative.",
                describe=True,
            ),
        ),
    ),
    # ------------------------------------------------------------------ flexible costs
    Section(
        key="communications-leisure",
        kind=SPENDING,
        title="Phone, internet and leisure",
        heading="Phone, internet and leisure",
        sfs="communications-leisure",
        sfs_parent="flexible-costs",
        sfs_total="total-communications-leisure",
        guideline=COMMUNICATIONS_LEISURE,
        lines=(
            Line(
                "home_phone_internet_tv",
                "home-phone-internet-tv",
                "Home phone, internet and TV packages",
                "For example, broadband, a landline or a TV subscription.",
                noun="home phone, internet and TV",
            ),
            Line("mobile_phone", "mobile-phone", "Mobile phones", noun="mobile phones"),
            Line(
                "hobbies_leisure",
                "hobbies-leisure-sport",
                "Hobbies, leisure and sport",
                noun="hobbies, leisure and sport",
            ),
            Line(
                "gifts",
                "gifts",
                "Presents",
                "Birthdays, Christmas and other celebrations, spread over the year.",
                noun="presents",
            ),
            Line("pocket_money", "pocket-money", "Pocket money", noun="pocket money"),
            Line(
                "newspapers_postage",
                "newspapers-magazines-stationery-postage",
                "Newspapers, magazines, stationery and postage",
            ),
            Line(
                "other_communications_leisure",
                "other-communications-leisure",
                "Other leisure costs",
            ),
        ),
    ),
    Section(
        key="food-housekeeping",
        kind=SPENDING,
        title="Food and housekeeping",
        heading="Food and housekeeping",
        sfs="food-housekeeping",
        sfs_parent="flexible-costs",
        sfs_total="total-food-housekeeping",
        guideline=FOOD_HOUSEKEEPING,
        lines=(
            Line(
                "groceries",
                "groceries",
                "Food and groceries",
                "Food, drink and household things like cleaning products.",
                noun="food and groceries",
                required=True,
            ),
            Line(
                "nappies_baby",
                "nappies-baby-items",
                "Nappies and baby items",
                noun="nappies and baby items",
            ),
            Line(
                "school_work_meals",
                "school-work-meals",
                "School meals and meals at work",
                noun="school meals and meals at work",
            ),
            Line("laundry", "laundry-dry-cleaning", "Laundry and dry cleaning", noun="laundry"),
            Line("alcohol", "alcohol", "Alcohol", noun="alcohol"),
            Line("smoking", "smoking-products", "Cigarettes, tobacco and vaping", noun="smoking"),
            Line(
                "pets",
                "vet-bills-pet-insurance",
                "Pets",
                "Food, vet bills and pet insurance.",
                noun="pets",
            ),
            Line(
                "house_repairs",
                "house-repairs-maintenance",
                "Things for the home",
                "For example, bedding, light bulbs or small repairs that are yours to do.",
                noun="things for the home",
            ),
            Line("other_food_housekeeping", "other-food-housekeeping", "Other housekeeping costs"),
        ),
    ),
    Section(
        key="personal",
        kind=SPENDING,
        title="Personal costs",
        heading="Personal costs",
        sfs="personal",
        sfs_parent="flexible-costs",
        sfs_total="total-personal",
        guideline=PERSONAL,
        lines=(
            Line("clothing", "clothing-footwear", "Clothes and shoes", noun="clothes and shoes"),
            Line("hairdressing", "hairdressing", "Haircuts", noun="haircuts"),
            Line("toiletries", "toiletries", "Toiletries", noun="toiletries"),
            Line("other_personal", "other-personal", "Other personal costs"),
        ),
    ),
    # ------------------------------------------------------------------ savings and debts
    Section(
        key="savings",
        kind=SPENDING,
        title="Savings",
        heading="Saving",
        intro="Putting a little aside, even £10 a month, can stop a surprise bill turning into "
        "a debt. Debt advisers usually leave room for it.",
        sfs="savings",
        sfs_total="savings-contribution",
        lines=(
            Line(
                "savings_contribution",
                "savings-contribution",
                "Money you save",
                "What you put aside regularly, for example into a savings account or credit union.",
                question="how much you save",
            ),
        ),
    ),
    Section(
        key="priority-debts",
        kind=PRIORITY_DEBTS,
        title="Priority debts",
        heading="Priority debts",
        intro="These are the debts where not paying can lead to losing your home, having your "
        "energy cut off, or court action. Leave blank any you do not have.",
        sfs="priority-debts",
        sfs_parent="debts",
        sfs_total="total-priority-debts",
        debts=(
            DebtKind(
                "rent_arrears",
                "Rent arrears",
                "We have filled in what your rent account shows today. Only put what you pay "
                "towards the arrears, on top of your normal rent.",
                priority=True,
            ),
            DebtKind("council_tax_arrears", "Council tax arrears", priority=True),
            DebtKind("energy_arrears", "Gas or electricity arrears", priority=True),
            DebtKind("water_arrears", "Water arrears", priority=True),
            DebtKind("magistrates_fines", "Magistrates' court fines", priority=True),
            DebtKind("child_maintenance_arrears", "Child maintenance arrears", priority=True),
            DebtKind("tv_licence_arrears", "TV licence arrears", priority=True),
            DebtKind(
                "hmrc",
                "Money owed to HMRC",
                "For example, income tax, VAT or a tax credit overpayment.",
                priority=True,
                owe="HMRC",
            ),
        ),
    ),
    Section(
        key="other-debts",
        kind=OTHER_DEBTS,
        title="Other debts",
        heading="Other debts",
        intro="Leave blank any you do not have. If you have more than one of a kind, add them "
        "together.",
        sfs="non-priority-debts",
        sfs_parent="debts",
        sfs_total="total-non-priority-debts",
        debts=(
            DebtKind("credit_cards", "Credit cards and store cards"),
            DebtKind("loans", "Loans", "For example, bank loans, payday loans or doorstep loans."),
            DebtKind("catalogues", "Catalogues"),
            DebtKind("buy_now_pay_later", "Buy now, pay later", "For example, Klarna or Clearpay."),
            DebtKind("overdrafts", "Overdrafts"),
            DebtKind(
                "other_debts",
                "Other debts",
                "For example, money you owe friends or family, or a benefit overpayment.",
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
