"""Site size (issue 14), read from the source: the shared icon file is what scripts/icon_sprite.py writes
from the installed Material, so a Material upgrade or an icon changed in mkdocs.yml cannot leave it stale; the
lean shell's lean.js is Material's inline scripts, checked the same way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_lean_js_is_materials_two_inline_scripts() -> None:
    """overrides/lean.html loads assets/javascripts/lean.js where Material writes two inline scripts: it must be
    their bodies as the installed Material has them, the scope written relative to the script instead of the page."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("material")  # located, not imported (the unit layer runs without the theme)
    assert spec is not None and spec.origin is not None
    partials = Path(spec.origin).parent / "templates" / "partials" / "javascripts"
    lean = (ROOT / "overrides" / "assets" / "javascripts" / "lean.js").read_text(encoding="utf-8")

    def body(name: str) -> str:
        text = (partials / name).read_text(encoding="utf-8")
        match = re.search(r"<script>(.*)</script>", text, re.S)
        assert match, name
        return match.group(1).strip()

    base = body("base.html")
    scope = '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)'
    assert base.startswith(scope)
    lines = [line for line in lean.splitlines() if line and not line.startswith(("/*", "   "))]
    assert lines == [base.replace(scope, '__md_scope=new URL("../..",document.currentScript.src)'), body("palette.html")]
