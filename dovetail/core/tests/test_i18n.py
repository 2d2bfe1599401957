"""The Simplified Chinese catalogue is complete, compiled, and used."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.PACKAGE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def source_msgids() -> list[str]:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    ids = []
    for match in re.finditer(r'^msgid ((?:".*"\n)+)', text, flags=re.MULTILINE):
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if msgid:
            ids.append(msgid.encode().decode("unicode_escape").encode("latin-1").decode())
    return ids


def test_every_source_message_is_translated_in_the_compiled_catalogue():
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text(encoding="utf-8")
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalogue = compiled._catalog
    missing = [
        msgid
        for msgid in source_msgids()
        if not (catalogue.get(msgid) or catalogue.get((msgid, 0)))
    ]
    assert missing == []


def test_compiled_catalogue_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("To do today") == "今日待办"
        assert translation.gettext("Run the round") == "运行本轮匹配"


def test_chinese_reads_cohorts_and_dates_in_chinese_order(client_as, persona):
    year = persona("learner").learner_profile.cohort_year
    home = client_as("learner", "zh-hans").get("/").content.decode()
    assert f"{year} 级" in home and f"级 {year}" not in home
    diary = client_as("learner", "zh-hans").get("/records/diary/").content.decode()
    assert re.search(r"<h3>\d{1,2}月\d{1,2}日 星期[一二三四五六日]", diary)
