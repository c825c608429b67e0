"""Every django-allauth page the portal uses renders in the GOV.UK Frontend layout."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def assert_govuk_page(response, *, heading=None):
    """The page is ours: GOV.UK Frontend markup, the landlord's brand, nothing of GOV.UK's."""
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert 'class="govuk-heading-l"' in html
    assert settings.LANDLORD_NAME in html
    assert "GDS Transport" not in html
    assert "crown" not in html.lower()
    assert "govuk-header__logo" not in html
    if heading:
        assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", html), heading
    return html


def assert_error_summary_links_to(html, *field_ids):
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    for field_id in field_ids:
        assert f'href="#{field_id}"' in summary.group(0), field_id
        assert f'id="{field_id}"' in html


# Before signing in ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "Sign In"),
        ("account_signup", "Sign Up"),
        ("account_reset_password", "Password Reset"),
        ("account_reset_password_done", "Password Reset"),
        ("account_email_verification_sent", "Verify Your Email Address"),
    ],
)
def test_entrance_pages_render_with_govuk_frontend(client, url_name, heading):
    assert_govuk_page(client.get(reverse(url_name)), heading=heading)


def test_sign_in_form_uses_govuk_labels_inputs_and_button(client):
    html = assert_govuk_page(client.get(reverse("account_login")))
    assert '<label class="govuk-label" for="id_login">' in html
    assert re.search(r'<input class="govuk-input[^"]*" id="id_login"', html)
    assert re.search(r'<input class="govuk-input[^"]*" id="id_password"[^>]*type="password"', html)
    assert 'class="govuk-button"' in html
    assert "novalidate" in html


def test_inputs_drop_allauths_placeholders(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "placeholder" not in html


def test_bad_sign_in_shows_an_error_summary_linking_to_the_email_field(client, tenant):
    response = client.post(
        reverse("account_login"), {"login": tenant.email, "password": "not-the-password"}
    )
    html = assert_govuk_page(response)
    assert_error_summary_links_to(html, "id_login")
    assert re.search(r"<title>\s*Error:", html)


def test_empty_sign_in_marks_each_field_in_error(client):
    html = assert_govuk_page(client.post(reverse("account_login"), {}))
    assert_error_summary_links_to(html, "id_login", "id_password")
    assert html.count("govuk-form-group--error") == 2
    assert 'id="id_login-error" class="govuk-error-message"' in html
    assert 'class="govuk-input govuk-input--error" id="id_login"' in html
    assert 'aria-describedby="id_login-error"' in html


def test_bad_sign_up_shows_an_error_summary_linking_to_each_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": "short", "password2": ""},
    )
    html = assert_govuk_page(response)
    assert_error_summary_links_to(html, "id_email", "id_password1", "id_password2")
    assert "govuk-form-group--error" in html
    assert '<p id="id_email-error" class="govuk-error-message">' in html


def test_sign_up_shows_the_password_rules_as_a_hint(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'id="id_password1-hint" class="govuk-hint"' in html
    assert 'aria-describedby="id_password1-hint"' in html


def test_password_field_offers_govuk_show_password_button(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'data-module="govuk-password-input"' in html
    assert 'aria-controls="id_password"' in html


def test_sign_in_links_to_password_reset_in_the_password_hint(client):
    html = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_reset_password")}">Forgotten your password?' in html


def test_password_reset_request_leads_to_the_done_page(client, tenant):
    response = client.post(reverse("account_reset_password"), {"email": tenant.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_password_reset_from_key_and_done_pages_render(client, tenant):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(tenant),
            "key": default_token_generator.make_token(tenant),
        },
    )
    # allauth swaps the key in the URL for one kept in the session, then shows the form.
    response = client.get(url)
    assert response.status_code == 302
    html = assert_govuk_page(client.get(response.url), heading="Change Password")
    assert 'id="id_password1"' in html
    assert 'id="id_password2"' in html

    new_password = "a-new-long-passphrase-42"
    response = client.post(response.url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    assert_govuk_page(client.get(response.url), heading="Change Password")


def test_password_reset_with_a_bad_key_explains_what_to_do(client, tenant):
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(tenant), "key": "bad-key"},
    )
    html = assert_govuk_page(client.get(url), heading="Bad Token")
    assert reverse("account_reset_password") in html


def test_email_confirmation_page_renders_a_govuk_button(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    key = EmailConfirmationHMAC(address).key
    html = assert_govuk_page(
        client.get(reverse("account_confirm_email", args=[key])), heading="Confirm Email Address"
    )
    assert 'class="govuk-button"' in html


def test_mfa_step_at_sign_in_renders_a_code_field(client, mfa_tenant):
    response = client.post(
        reverse("account_login"), {"login": mfa_tenant.email, "password": TEST_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    html = assert_govuk_page(client.get(response.url), heading="Two-Factor Authentication")
    assert re.search(r'<input class="govuk-input[^"]*" id="id_code"', html)
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    # Cancelling signs the half-signed-in person out: a POST, styled as a link.
    assert 'form="logout-from-stage"' in html


def test_wrong_mfa_code_shows_an_error_summary(client, mfa_tenant):
    client.post(reverse("account_login"), {"login": mfa_tenant.email, "password": TEST_PASSWORD})
    html = assert_govuk_page(client.post(reverse("mfa_authenticate"), {"code": "000000"}))
    assert_error_summary_links_to(html, "id_code")


# Signed in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_logout", "Sign Out"),
        ("account_email", "Email Addresses"),
        ("account_change_password", "Change Password"),
        ("account_reauthenticate", "Confirm Access"),
        ("mfa_index", "Two-Factor Authentication"),
    ],
)
def test_account_pages_render_with_govuk_frontend(tenant_client, url_name, heading):
    assert_govuk_page(tenant_client.get(reverse(url_name)), heading=heading)


def test_account_pages_list_the_other_account_settings(tenant_client):
    html = tenant_client.get(reverse("account_change_password")).content.decode()
    assert "Account settings" in html
    assert f'href="{reverse("account_change_password")}" aria-current="page"' in html
    assert f'href="{reverse("mfa_index")}"' in html


def test_sign_out_page_is_a_post_form(tenant_client):
    html = tenant_client.get(reverse("account_logout")).content.decode()
    form = re.search(
        r'<form method="post" action="/accounts/logout/" novalidate>.*?</form>', html, re.S
    )
    assert form
    assert "csrfmiddlewaretoken" in form.group(0)
    assert 'class="govuk-button"' in form.group(0)


def test_email_page_shows_addresses_as_govuk_radios_with_tags(tenant_client, tenant):
    html = assert_govuk_page(tenant_client.get(reverse("account_email")))
    assert 'class="govuk-radios"' in html
    assert f'value="{tenant.email}"' in html
    assert "govuk-tag govuk-tag--green" in html  # verified
    assert "govuk-button govuk-button--secondary" in html  # re-send verification
    assert "govuk-button govuk-button--warning" in html  # remove


def test_password_change_errors_link_to_the_fields(tenant_client):
    response = tenant_client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "x", "password2": "y"},
    )
    html = assert_govuk_page(response)
    assert_error_summary_links_to(html, "id_oldpassword")


def test_mfa_index_offers_to_activate_an_authenticator_app(tenant_client):
    html = assert_govuk_page(tenant_client.get(reverse("mfa_index")))
    assert 'class="portal-panel"' in html
    assert f'href="{reverse("mfa_activate_totp")}" role="button"' in html


def test_totp_activation_shows_the_qr_code_and_the_secret(tenant_client):
    html = assert_govuk_page(tenant_client.get(reverse("mfa_activate_totp")))
    assert re.search(r'<img class="portal-qr-code" src="data:image/svg\+xml;base64,', html)
    secret = re.search(r'id="authenticator_secret"[^>]*>([A-Z2-7]+)</p>', html)
    assert secret, "the secret is shown so people can type it in"
    assert 'alt="QR code to scan with your authenticator app"' in html
    assert secret.group(1) not in re.search(r"<img[^>]*>", html).group(0)
    assert re.search(r'<input class="govuk-input[^"]*" id="id_code"', html)


def test_totp_activation_with_a_wrong_code_shows_the_error(tenant_client):
    html = assert_govuk_page(tenant_client.post(reverse("mfa_activate_totp"), {"code": "123"}))
    assert_error_summary_links_to(html, "id_code")


def test_totp_deactivation_uses_a_warning_button(mfa_client):
    html = assert_govuk_page(
        mfa_client.get(reverse("mfa_deactivate_totp")), heading="Deactivate Authenticator App"
    )
    assert "govuk-button govuk-button--warning" in html


def test_recovery_codes_generate_page_renders(mfa_client):
    assert_govuk_page(
        mfa_client.get(reverse("mfa_generate_recovery_codes")), heading="Recovery Codes"
    )


def test_recovery_codes_are_shown_in_a_readonly_govuk_textarea(mfa_client, mfa_tenant):
    codes = RecoveryCodes.activate(mfa_tenant).get_unused_codes()
    html = assert_govuk_page(mfa_client.get(reverse("mfa_view_recovery_codes")))
    assert re.search(r'<textarea class="govuk-textarea"[^>]*id="recovery_codes"[^>]*readonly', html)
    assert codes[0] in html
