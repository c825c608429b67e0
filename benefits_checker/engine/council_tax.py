"""A council's council tax: band charges and its working-age Council Tax Reduction scheme, read
from JSON (`council_tax_schemes/example.json` shows the shape). Working-age schemes in England
are each council's own (Local Government Finance Act 1992 s.13A), so they are parameters, not
rules; the pension-age scheme is national and lives in the rates files.
"""

from __future__ import annotations

import json
from pathlib import Path

from portal.money import MoneyError, parse_pounds

from .household import CouncilTax, WorkingAgeCtrScheme

EXAMPLE_SCHEME = Path(__file__).resolve().parent / "council_tax_schemes" / "example.json"
KINDS = ("bands", "taper")
HOUSEHOLD_TYPES = ("single", "couple", "family")


class SchemeError(ValueError):
    """The council tax file is not in the expected form."""


def _pence(value, where: str) -> int:
    try:
        return parse_pounds(str(value))
    except MoneyError as exc:
        raise SchemeError(f"{where}: {exc}") from None


def _bands(rows, where: str):
    if not isinstance(rows, list) or not rows or rows[-1][0] is not None:
        raise SchemeError(f"{where}: a list of [income below, percent] ending with [null, percent]")
    bands = []
    for below, percent in rows:
        if not isinstance(percent, int) or not 0 <= percent <= 100:
            raise SchemeError(f"{where}: each percent must be a whole number from 0 to 100")
        bands.append((None if below is None else _pence(below, where), percent))
    return tuple(bands)


def scheme_from_dict(data: dict) -> WorkingAgeCtrScheme:
    kind = data.get("kind", "bands")
    if kind not in KINDS:
        raise SchemeError("working_age_scheme.kind must be bands or taper")
    bands = {}
    if kind == "bands":
        for household_type in HOUSEHOLD_TYPES:
            bands[household_type] = _bands(
                data.get("bands", {}).get(household_type), f"bands.{household_type}"
            )
    return WorkingAgeCtrScheme(
        name=str(data.get("name") or "Council Tax Reduction scheme"),
        kind=kind,
        max_percent=int(data.get("max_percent", 100)),
        band_cap=data.get("band_cap"),
        capital_limit=_pence(data.get("capital_limit", "16000"), "capital_limit"),
        non_dep_deduction_weekly=_pence(data.get("non_dep_deduction_weekly", "0"), "non_dep"),
        minimum_award_weekly=_pence(data.get("minimum_award_weekly", "0"), "minimum_award"),
        bands=bands,
        taper_percent=int(data.get("taper_percent", 20)),
        allowance_single=_pence(data.get("allowance_single", "0"), "allowance_single"),
        allowance_couple=_pence(data.get("allowance_couple", "0"), "allowance_couple"),
        allowance_per_child=_pence(data.get("allowance_per_child", "0"), "allowance_per_child"),
        source=str(data.get("source", "")),
    )


def council_tax_from_dict(data: dict) -> CouncilTax:
    if not isinstance(data, dict):
        raise SchemeError("The council tax file must be a JSON object")
    charges = data.get("band_charges") or {}
    if not isinstance(charges, dict):
        raise SchemeError("band_charges must map band letters to yearly charges")
    band_charges = {
        str(band).upper(): _pence(value, f"band {band}") for band, value in charges.items()
    }
    scheme = data.get("working_age_scheme")
    return CouncilTax(
        band_charges=band_charges or None,
        working_age_scheme=scheme_from_dict(scheme) if scheme else None,
        council_name=data.get("council_name"),
    )


def load_council_tax(path: str | Path = EXAMPLE_SCHEME) -> CouncilTax:
    try:
        with Path(path).open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemeError(f"Cannot read {path}: {exc}") from None
    return council_tax_from_dict(data)
