from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.views import healthz


class LoginRedirect(RedirectView):
    """Admin login forms accept a password alone; everyone signs in through allauth (MFA)."""

    pattern_name = "account_login"
    query_string = True


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("my-account/", include("portal.urls")),
    path("", include("payments.urls")),  # /pay/... and /payments/stripe/webhook/
    path("budget/", include("budgeting.urls")),
    path("benefits/", include("benefits_checker.urls")),
    path("payment-plan/", include("arrangements.urls")),
    path("get-advice/", include("referrals.urls")),
    path("officer/", include("casework.urls")),
    path("cms-admin/login/", LoginRedirect.as_view(), name="cms_admin_login"),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("django-admin/login/", LoginRedirect.as_view(), name="django_admin_login"),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("cms.urls")),
    path("language/", include("cms.language_urls")),  # the header's English/Cymraeg switcher
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
