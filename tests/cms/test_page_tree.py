"""The page tree: which page types go where, and that each declares what it is for."""

import pytest
from django.template.loader import get_template
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import AdviceIndexPage, AdvicePage, HomePage


class PageTreeRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_advice_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {AdviceIndexPage})

    def test_advice_section_sits_under_the_home_page_and_holds_advice(self):
        self.assertAllowedParentPageTypes(AdviceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(AdviceIndexPage, {AdvicePage})

    def test_advice_pages_sit_in_an_advice_section_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(AdvicePage, {AdviceIndexPage})
        self.assertAllowedSubpageTypes(AdvicePage, set())

    def test_advice_cannot_be_created_straight_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, AdvicePage)
        self.assertCanNotCreateAt(AdvicePage, AdvicePage)
        self.assertCanNotCreateAt(Page, AdviceIndexPage)
        self.assertCanCreateAt(HomePage, AdviceIndexPage)
        self.assertCanCreateAt(AdviceIndexPage, AdvicePage)

    def test_there_is_one_home_page(self):
        # The migrations made it; a second one cannot be added.
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))


@pytest.mark.parametrize("model", [HomePage, AdviceIndexPage, AdvicePage])
def test_each_page_type_declares_its_template_rules_panels_and_purpose(model):
    assert get_template(model.template)
    assert model.parent_page_types
    assert model.subpage_types is not None
    assert model.content_panels
    assert not model.__doc__.startswith(f"{model.__name__}(")  # its own docstring, not Django's
