"""How to claim each benefit: one sentence and a link, in plain English.

Links go to GOV.UK and the schemes' own sites, which keep their pages current; the engine never
copies amounts that vary (water, broadband, local schemes) and links out instead.
"""

from __future__ import annotations

HOW_TO_CLAIM: dict[str, tuple[str, str]] = {
    "universal_credit": (
        "Apply online. You will need your bank details, your rent and your landlord's "
        "details, and your earnings and savings.",
        "https://www.gov.uk/universal-credit/how-to-claim",
    ),
    "pension_credit": (
        "Apply online or call the Pension Credit claim line on 0800 99 1234. You can backdate "
        "your claim by up to 3 months.",
        "https://www.gov.uk/pension-credit/how-to-claim",
    ),
    "housing_benefit": (
        "Apply to your council. If you claim Pension Credit, you can claim Housing Benefit at "
        "the same time on the Pension Credit claim line.",
        "https://www.gov.uk/housing-benefit/how-to-claim",
    ),
    "council_tax_reduction": (
        "Apply to your council. Each council runs its own scheme for people of working age.",
        "https://www.gov.uk/apply-council-tax-reduction",
    ),
    "child_benefit": (
        "Claim online through HMRC. Claim even if you will pay the High Income Child Benefit "
        "Charge: it protects your State Pension.",
        "https://www.gov.uk/child-benefit/how-to-claim",
    ),
    "pip": (
        "Call the PIP new claims line on 0800 917 2222. You then fill in a form about how your "
        "condition affects you.",
        "https://www.gov.uk/pip/how-to-claim",
    ),
    "attendance_allowance": (
        "Fill in the Attendance Allowance claim form and post it. It is for people over "
        "State Pension age who need help with personal care.",
        "https://www.gov.uk/attendance-allowance/how-to-claim",
    ),
    "carers_allowance": (
        "Apply online. The person you care for must get a qualifying disability benefit.",
        "https://www.gov.uk/carers-allowance/how-to-claim",
    ),
    "dla_child": (
        "Ask for a claim form for Disability Living Allowance for children (under 16).",
        "https://www.gov.uk/disability-living-allowance-children/how-to-claim",
    ),
    "crisis_and_resilience_fund": (
        "Apply to your council. Search its website for the Crisis and Resilience Fund (or "
        "Discretionary Housing Payments in Wales and Scotland).",
        "https://www.gov.uk/find-local-council",
    ),
    "warm_home_discount": (
        "Most people get it automatically. If you qualify and have not had a letter, contact "
        "the Warm Home Discount helpline.",
        "https://www.gov.uk/the-warm-home-discount-scheme",
    ),
    "water_social_tariff": (
        "Ask your water company about its social tariff and WaterSure. Each company runs its own "
        "scheme.",
        "https://www.ccw.org.uk/save-money/help-paying-bills/",
    ),
    "broadband_social_tariff": (
        "Ask your broadband provider for its social tariff. Ofcom lists who offers one.",
        "https://www.ofcom.org.uk/phones-and-broadband/saving-money/social-tariffs",
    ),
    "free_school_meals": (
        "Apply to your council or your child's school.",
        "https://www.gov.uk/apply-free-school-meals",
    ),
    "healthy_start": (
        "Apply online on the NHS Healthy Start website.",
        "https://www.healthystart.nhs.uk/",
    ),
    "budgeting_advance": (
        "Ask for a Budgeting Advance through your Universal Credit online account or your work "
        "coach. It is a loan you pay back from your Universal Credit.",
        "https://www.gov.uk/universal-credit/other-financial-support",
    ),
    "help_to_save": (
        "Open an account online with your Government Gateway login.",
        "https://www.gov.uk/get-help-savings-low-income",
    ),
}
