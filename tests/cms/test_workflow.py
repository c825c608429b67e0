"""Draft, review, publish: advice goes through the "Advice review" workflow."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from tests.cms.helpers import advice_page, home_page
from tests.conftest import give_totp
from tests.factories import UserFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    """Another editor, who may also check and publish advice."""
    user = add_to_group(UserFactory(is_staff=True), settings.EDITOR_GROUP)
    give_totp(user)
    return add_to_group(user, "Moderators")


def test_the_advice_review_workflow_exists_and_applies_to_advice_pages(index):
    page = advice_page(index, title="Rent")
    workflow = page.get_workflow()
    assert workflow is not None
    assert workflow.name == "Advice review"
    assert workflow.active
    task = workflow.tasks.get().specific
    assert task.name == "Check the advice"
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    assert home_page().get_workflow() == workflow


def test_editors_cannot_publish_advice_themselves_but_can_submit_it(editor, index):
    page = advice_page(index, title="Rent")
    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert permissions.can_submit_for_moderation()


def test_a_moderator_approves_and_that_publishes_the_change(editor, moderator, index):
    page = advice_page(index, title="Rent")
    page.title = "Paying your rent"
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    assert page.get_latest_revision().content["title"] == "Paying your rent"
    page.refresh_from_db()
    assert page.title == "Rent"  # not live until it is approved
    task_state = workflow_state.current_task_state.specific
    task = task_state.task.specific
    assert [name for name, *_ in task.get_actions(page, editor)] == []  # not a moderator
    assert "approve" in [name for name, *_ in task.get_actions(page, moderator)]
    task.on_action(task_state, moderator, "approve")
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.title == "Paying your rent"


def test_moderators_group_exists_with_admin_access():
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(codename="access_admin").exists()
