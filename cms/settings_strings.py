"""English defaults that reach templates from settings or the database, marked for translation.

When a value is still the default (the service name, the phase banner, the demo footer links,
the opening hours, the national advice lines) and editors wrote no Welsh beside it, Welsh readers
get the Welsh from locale/cy (`cms.context_processors.welsh_text`, and `{% translate variable %}`
in the layout); anything else an editor wrote only in English is shown as written, marked
`lang="en"` on Welsh pages. `gettext_noop` only marks them: makemessages keeps them in the .po.
"""

from django.utils.translation import gettext_noop

DEFAULT_STRINGS = (
    gettext_noop("Your rent account"),
    gettext_noop("Beta"),
    gettext_noop("This is a new service."),
    gettext_noop("Monday to Friday, 8am to 6pm"),
    gettext_noop("Help and advice"),
    gettext_noop("Search the advice"),
    # The national advice lines (cms.context_processors.DEFAULT_ADVICE_LINES).
    gettext_noop("Citizens Advice"),
    gettext_noop("Free advice on debt, benefits and housing."),
    gettext_noop("Free debt advice and help to make a plan."),
    gettext_noop("Free debt advice by phone, web chat and online."),
)
