"""Every phrase of the web app has its Spanish translation, so a Spanish page never
falls back to English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from opsreport.web import views
from opsreport.web.i18n import LOCALE_DIR, gettext_for

TEMPLATES = Path(views.__file__).with_name("templates")
MESSAGE = re.compile(r"""_\((?:"([^"]+)"|'([^']+)')\)""")


def phrases() -> set[str]:
    found = set()
    for template in TEMPLATES.glob("*.html"):
        for double, single in MESSAGE.findall(template.read_text(encoding="utf-8")):
            found.add(double or single)
    for table in (views.UNIT_NAMES, views.PERIOD_RULES, views.SOURCE_UNIT_NAMES):
        found.update(table.values())
    found.update(views.FACET_NAMES.values())
    return found


def test_every_phrase_has_a_spanish_translation():
    with (LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="es")
    translated = {message.id for message in catalog if message.id and message.string}
    missing = sorted(phrases() - translated)
    assert len(phrases()) > 40
    assert not missing, "web/locale/es/LC_MESSAGES/messages.po lacks:\n" + "\n".join(missing)


def test_spanish_phrases_are_used():
    _ = gettext_for("es")
    assert _("Headline figures") == "Cifras principales"
    assert _("unique people") == "personas únicas"
    assert gettext_for("en")("unique people") == "unique people"
    assert gettext_for("fr")("Dashboard") == "Dashboard"  # unknown language: English
