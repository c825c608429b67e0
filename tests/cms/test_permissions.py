"""Who may do what: editors edit pages (with MFA) but never reach officer pages; officers edit
pages only if they are editors too; tenants get 404 anywhere in the Wagtail admin."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from tests.cms.helpers import advice_page, home_page
from tests.factories import add_to_group

pytestmark = pytest.mark.django_db


def admin_paths(page):
    site = Site.objects.get(is_default_site=True)
    return [
        "/cms-admin/",
        f"/cms-admin/pages/{page.pk}/",
        f"/cms-admin/pages/{page.pk}/edit/",
        reverse("cms_review_due"),
        reverse("wagtailsettings:edit", args=["cms", "portalsettings", site.pk]),
    ]


def test_editors_with_mfa_can_edit_pages_and_open_the_report_and_settings(client, editor, index):
    page = advice_page(index, title="Rent")
    client.force_login(editor)
    for path in admin_paths(page):
        assert client.get(path).status_code == 200, path
    add_path = reverse("wagtailadmin_pages:add", args=["cms", "advicepage", index.pk])
    assert client.get(add_path).status_code == 200


def test_editors_cannot_reach_officer_pages(client, editor):
    client.force_login(editor)
    assert client.get(reverse("casework:home")).status_code in (403, 404)


def test_officers_cannot_edit_pages_unless_also_editors(client, officer, index):
    page = advice_page(index, title="Rent")
    client.force_login(officer)
    for path in admin_paths(page):
        assert client.get(path).status_code == 404, path
    add_to_group(officer, settings.EDITOR_GROUP)
    assert client.get(f"/cms-admin/pages/{page.pk}/edit/").status_code == 200


def test_tenants_get_404_everywhere_in_the_wagtail_admin(client, tenant, index):
    page = advice_page(index, title="Rent")
    client.force_login(tenant)
    for path in admin_paths(page):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"title": "Hacked"}).status_code == 404, path
    page.refresh_from_db()
    assert page.title == "Rent"


def test_anonymous_visitors_are_sent_to_sign_in_from_the_report(client):
    response = client.get(reverse("cms_review_due"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editors_do_not_see_officer_tools_and_tenants_see_the_pages(client, tenant):
    client.force_login(tenant)
    assert client.get(home_page().url).status_code == 200
