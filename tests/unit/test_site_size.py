"""Site size (issue 14), read from the source: the shared icon file is what scripts/icon_sprite.py writes
from the installed Material, so a Material upgrade or an icon changed in mkdocs.yml cannot leave it stale."""

from __future__ import annotations

import subprocess
import sys

import yaml
from support import ROOT


def test_icon_sprite_is_up_to_date() -> None:
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "icon_sprite.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_every_icon_mkdocs_yml_names_is_in_the_sprite() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import icon_sprite
    finally:
        sys.path.pop(0)

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !relative, !!python/…
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    named = set(config["theme"]["icon"].values()) | {p["toggle"]["icon"] for p in config["theme"]["palette"]}
    assert named <= set(icon_sprite.ICONS)
    sprite = icon_sprite.SPRITE.read_text(encoding="utf-8")
    for icon in icon_sprite.ICONS:
        assert f'id="{icon_sprite.symbol_id(icon)}"' in sprite
