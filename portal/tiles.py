"""The tenant dashboard's tiles, registered by the apps that own them.

`portal` imports no other app, so a domain app (payments, budgeting, benefits...) adds its
tile from its `AppConfig.ready()`:

    register_tile(Tile(key="budget", title="Your budget", template="budgeting/tile.html",
                       order=20, context=budget_tile_context))

`context(user=..., tenancies=...)` returns the template's context, or None to hide the tile.
It must run a fixed number of queries.

`reads` names every model the tile's context and template read, each with the path from it to
the tenancy or to the login (`("budgeting.Budget", "tenancy")`, `("payments.Mandate",
"account__tenancy")`). The dashboard is cached until one of those rows changes
(portal/dashboard_cache.py), so a table left out would show stale news: a test compares the
declaration with the queries the tile really runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    template: str
    order: int
    context: Callable[..., dict | None]
    reads: tuple[tuple[str, str], ...]


_TILES: dict[str, Tile] = {}


def register_tile(tile: Tile) -> None:
    _TILES[tile.key] = tile


def all_tiles() -> list[Tile]:
    return list(_TILES.values())


def tiles_for(*, user, tenancies) -> list[tuple[Tile, dict]]:
    """The tiles to show this user, in order, each with its context."""
    shown = []
    for tile in sorted(_TILES.values(), key=lambda tile: (tile.order, tile.key)):
        context = tile.context(user=user, tenancies=tenancies)
        if context is not None:
            shown.append((tile, context))
    return shown


@dataclass(frozen=True)
class StatementPanel:
    """A panel above an account's statement, registered by another app (payments shows the
    payments waiting for confirmation). `context(user=..., account=...)` returns the
    template's context, or None to show nothing; it must run a fixed number of queries."""

    key: str
    template: str
    order: int
    context: Callable[..., dict | None]


_STATEMENT_PANELS: dict[str, StatementPanel] = {}


def register_statement_panel(panel: StatementPanel) -> None:
    _STATEMENT_PANELS[panel.key] = panel


def statement_panels_for(*, user, account) -> list[tuple[StatementPanel, dict]]:
    shown = []
    for panel in sorted(_STATEMENT_PANELS.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(user=user, account=account)
        if context is not None:
            shown.append((panel, context))
    return shown


@dataclass(frozen=True)
class CasePanel:
    """A panel on the officer's case page (`/officer/cases/<reference>/`), registered by the app
    that owns the data (budget, benefits check, plans, referrals, payments), so the officers'
    side imports none of them. `context(tenancy=..., officer=...)` returns the template's
    context, or None to show nothing; it must run a fixed number of queries."""

    key: str
    title: str
    template: str
    order: int
    context: Callable[..., dict | None]


_CASE_PANELS: dict[str, CasePanel] = {}


def register_case_panel(panel: CasePanel) -> None:
    _CASE_PANELS[panel.key] = panel


def case_panels_for(*, tenancy, officer) -> list[tuple[CasePanel, dict]]:
    shown = []
    for panel in sorted(_CASE_PANELS.values(), key=lambda panel: (panel.order, panel.key)):
        context = panel.context(tenancy=tenancy, officer=officer)
        if context is not None:
            shown.append((panel, context))
    return shown
