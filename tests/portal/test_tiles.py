import pytest
from django.urls import reverse

from portal import tiles
from tests.factories import tenant_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_tiles(monkeypatch):
    monkeypatch.setattr(tiles, "_TILES", {})
    return tiles


def test_registered_tiles_show_in_order_and_can_hide_themselves(
    client, registered_tiles, tmp_path, settings
):
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "tile.html").write_text("<p>{{ tile.title }}: {{ data.word }}</p>")
    engine = settings.TEMPLATES[0]
    # Assigning (not mutating) the setting tells Django to rebuild its template engines.
    settings.TEMPLATES = [{**engine, "DIRS": [template_dir, *engine["DIRS"]]}]
    registered_tiles.register_tile(
        tiles.Tile("b", "Second", "t/tile.html", 20, lambda **kw: {"word": "two"}, ())
    )
    registered_tiles.register_tile(
        tiles.Tile("a", "First", "t/tile.html", 10, lambda **kw: {"word": "one"}, ())
    )
    registered_tiles.register_tile(
        tiles.Tile("c", "Hidden", "t/tile.html", 5, lambda **kw: None, ())
    )
    user, _ = tenant_with_account()
    client.force_login(user)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert body.index("First: one") < body.index("Second: two")
    assert "Hidden" not in body
