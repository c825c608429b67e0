"""The portal's tools, as editors can point to them from the home page and advice pages.

`cms` imports nothing of ours (docs/architecture.md), so a tool is known by the path the design
fixes for it (the URL map in DESIGN.md), not by importing the app that serves it. A tool whose
path is not served yet (its app is still being built) resolves to Wagtail's catch-all page view;
such tools are left out of pages, so editors can add them early without making dead links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WAGTAIL_CATCH_ALL = "wagtail_serve"


@dataclass(frozen=True)
class Tool:
    key: str
    title: str | Promise  # translated when shown (Welsh in locale/cy)
    path: str
    description: str | Promise


TOOLS: dict[str, Tool] = {
    tool.key: tool
    for tool in (
        Tool(
            "balance",
            _("See your balance"),
            "/my-account/",
            _("See what you owe, your last payments and your next charge."),
        ),
        Tool("pay", _("Pay your rent"), "/pay/", _("Pay by debit card, at any time of day.")),
        Tool(
            "direct_debit",
            _("Set up a Direct Debit"),
            "/pay/direct-debit/",
            _("Your rent is paid on the same day each month, so you do not have to remember."),
        ),
        Tool(
            "budget",
            _("Work out your budget"),
            "/budget/",
            _("Add up the money coming in and going out, and see what you can afford."),
        ),
        Tool(
            "benefits",
            _("Check your benefits"),
            "/benefits/",
            _("Find out if you could get more money from benefits or grants."),
        ),
        Tool(
            "payment_plan",
            _("Ask for a payment plan"),
            "/payment-plan/",
            _("Offer to pay what you owe in small amounts you can afford."),
        ),
        Tool(
            "get_advice",
            _("Get free advice"),
            "/get-advice/",
            _("Ask us to put you in touch with Citizens Advice. It is free."),
        ),
    )
}


def tool_choices() -> list[tuple[str, str]]:
    """Choices for the tool blocks (a callable, so adding a tool needs no migration)."""
    return [(tool.key, tool.title) for tool in TOOLS.values()]


def path_is_served(path: str) -> bool:
    """True if one of the portal's own views answers `path` (not Wagtail's page tree)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != WAGTAIL_CATCH_ALL


def available_tool(key: str | None) -> Tool | None:
    """The tool for `key`, or None if there is no such tool or the portal does not serve it yet."""
    tool = TOOLS.get(key or "")
    if tool is None or not path_is_served(tool.path):
        return None
    return tool
