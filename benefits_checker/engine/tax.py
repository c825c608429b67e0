"""Income tax and employee National Insurance on pay (England, Wales and Northern Ireland), so
Universal Credit can taper NET earnings, as it does (UC Regs reg 55: earned income less tax,
National Insurance and pension contributions).

Monthly pay is taken as a steady twelfth of the year's pay, so PAYE's cumulative tax over the
year is a twelfth of the year's tax. National Insurance uses the monthly thresholds (each pay
period stands alone). Scottish income tax bands are not modelled: for Scottish taxpayers net
pay is a little different (see docs/benefits.md).
"""

from __future__ import annotations

from .rates import Rates


def annual_tax_x100(income: int, rates: Rates, allowance: int | None = None) -> int:
    """Tax on a year's income in pence x 100 (exact, since the rates are whole percentages).

    The personal allowance falls by £1 for each £2 of income above £100,000; the additional
    rate applies above £125,140, where the allowance has gone.
    """
    pa = rates.tax_pa if allowance is None else allowance
    if income > rates.tax_pa_taper_from:
        pa = max(0, pa - (income - rates.tax_pa_taper_from) // 2)
    taxable = income - pa
    if taxable <= 0:
        return 0
    brb = rates.tax_brb
    if taxable <= brb:
        return taxable * rates.tax_basic_pct
    additional = taxable - rates.tax_additional_from
    if additional <= 0:
        return brb * rates.tax_basic_pct + (taxable - brb) * rates.tax_higher_pct
    return (
        brb * rates.tax_basic_pct
        + (taxable - brb - additional) * rates.tax_higher_pct
        + additional * rates.tax_additional_pct
    )


def monthly_ni(gross_monthly: int, rates: Rates) -> int:
    """Employee Class 1 National Insurance for a month's pay, rounded half up to the penny."""
    pt = rates.ni_pt
    if gross_monthly <= pt:
        return 0
    uel = rates.ni_uel
    n, d = rates.ni_main_n, rates.ni_main_d
    if gross_monthly <= uel:
        return ((gross_monthly - pt) * n * 2 + d) // (2 * d)
    main = ((uel - pt) * n * 2 + d) // (2 * d)
    n, d = rates.ni_additional_n, rates.ni_additional_d
    return main + ((gross_monthly - uel) * n * 2 + d) // (2 * d)


class NetPay:
    """One person's pay a month: gross, income tax, National Insurance."""

    __slots__ = ("gross", "tax", "ni", "marriage_allowance", "transferred")

    def __init__(self, gross: int, tax: int, ni: int):
        self.gross = gross
        self.tax = tax
        self.ni = ni
        self.marriage_allowance = False  # receives a transferred allowance
        self.transferred = False  # transfers part of their allowance

    @property
    def net(self) -> int:
        return self.gross - self.tax - self.ni


def net_pay(
    gross_monthly: list[int], other_monthly: list[int], *, married: bool, rates: Rates
) -> list[NetPay]:
    """Net pay a month for each adult (1 or 2).

    Other taxable income (pensions) uses the personal allowance first, so the tax on pay is the
    tax on everything less the tax on the pensions alone. A married couple gets Marriage
    Allowance where one partner's income is under the personal allowance and the other pays tax
    at no more than the basic rate (ITA 2007 ss.55A-55E): the lower earner gives up £1,260 of
    allowance and the other's tax falls by 20% of it, chosen only when it lowers the couple's
    tax.
    """
    if len(gross_monthly) == 1 and not other_monthly[0]:
        gross = gross_monthly[0]
        if not gross:
            return [NetPay(0, 0, 0)]
        tax = _monthly(annual_tax_x100(gross * 12, rates))
        return [NetPay(gross, tax, monthly_ni(gross, rates))]
    results = []
    totals, on_other = [], []
    for gross, other in zip(gross_monthly, other_monthly, strict=True):
        if not (gross or other):
            totals.append(0)
            on_other.append(0)
            results.append(NetPay(0, 0, 0))
            continue
        total = annual_tax_x100((gross + other) * 12, rates)
        alone = annual_tax_x100(other * 12, rates) if other else 0
        totals.append(total)
        on_other.append(alone)
        results.append(NetPay(gross, _monthly(total - alone), monthly_ni(gross, rates)))
    if not married or len(results) != 2:
        return results
    incomes = [(g + o) * 12 for g, o in zip(gross_monthly, other_monthly, strict=True)]
    low = 0 if incomes[0] <= incomes[1] else 1
    high = 1 - low
    if not (incomes[low] < rates.tax_pa < incomes[high] <= rates.tax_pa + rates.tax_brb):
        return results
    reduced = rates.tax_pa - rates.tax_marriage_allowance
    low_total = annual_tax_x100(incomes[low], rates, allowance=reduced)
    low_alone = (
        annual_tax_x100(other_monthly[low] * 12, rates, allowance=reduced)
        if other_monthly[low]
        else 0
    )
    relief = min(rates.tax_marriage_allowance * rates.tax_basic_pct, totals[high])
    if relief <= low_total - totals[low]:
        return results
    results[low].tax = _monthly(low_total - low_alone)
    results[low].transferred = True
    high_on_pay = totals[high] - on_other[high]
    results[high].tax = _monthly(high_on_pay - min(relief, high_on_pay))
    results[high].marriage_allowance = True
    return results


def _monthly(annual_x100: int) -> int:
    """A year's tax in pence x 100 as a month's, rounded half up to the penny."""
    return (annual_x100 + 600) // 1200
