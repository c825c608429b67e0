"""English defaults that reach templates from settings or the database, marked for translation.

The layout shows them through `{% translate variable %}`, so when a value is still the default
(the service name, the phase banner, the demo footer links, the opening hours) Welsh readers get
the Welsh from locale/cy; anything an editor wrote differently is shown as written, marked
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
)
