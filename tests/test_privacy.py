"""Pseudonymous person keys: stable, secret-dependent, and the raw identifier is never stored."""

from __future__ import annotations

import os

import pytest

from opsreport.errors import ConfigError
from opsreport.privacy import person_key
from opsreport.settings import secret_key
from opsreport.store import models as m

PASSPORT = "AB1234567"


def test_the_same_identifier_and_secret_give_the_same_key():
    assert person_key(PASSPORT) == person_key(PASSPORT)
    assert person_key(PASSPORT, key=b"s" * 32) == person_key(PASSPORT, key=b"s" * 32)


def test_another_secret_gives_another_key(monkeypatch):
    first = person_key(PASSPORT)
    monkeypatch.setenv("OPSREPORT_SECRET", "another-installation-secret-0123456789")
    assert person_key(PASSPORT) != first


def test_different_people_get_different_keys():
    assert person_key("AB1234567") != person_key("AB1234568")


@pytest.mark.parametrize(
    "written", ["ab1234567", " AB 123 4567 ", "AB1234567\n", "ab\t1234567"], ids=repr
)
def test_case_and_spaces_do_not_make_two_people(written):
    assert person_key(written) == person_key(PASSPORT)


def test_accents_do_not_make_two_people():
    assert person_key("José Pérez 1990") == person_key("JOSE PEREZ 1990")
    assert person_key("Ñandú-7") == person_key("nandu-7")


def test_a_key_is_32_hex_characters_and_does_not_contain_the_identifier():
    key = person_key(PASSPORT)
    assert len(key) == 32 and int(key, 16) >= 0
    assert "1234567" not in key


def test_without_a_secret_in_the_environment_one_is_created_once_and_kept(
    monkeypatch, isolated_environment
):
    monkeypatch.delenv("OPSREPORT_SECRET")
    first = person_key(PASSPORT)
    path = isolated_environment / "secret.key"
    assert path.exists()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert person_key(PASSPORT) == first
    assert secret_key() == path.read_text().strip().encode()


def test_a_too_short_secret_file_is_refused(monkeypatch, isolated_environment):
    monkeypatch.delenv("OPSREPORT_SECRET")
    isolated_environment.mkdir(parents=True)
    (isolated_environment / "secret.key").write_text("short")
    with pytest.raises(ConfigError, match="too short"):
        person_key(PASSPORT)


def test_the_raw_identifier_appears_nowhere_in_the_database_file(sqlite_store, tmp_path):
    raw = "PASSPORT-ZX9876543"
    with sqlite_store.session() as session:
        session.add(m.Person(person_key=person_key(raw), sex="female", birth_year=1990))
    sqlite_store.dispose()  # checkpoint the WAL into the main file

    files = list(tmp_path.glob("store.db*"))
    assert files, "the SQLite file was not found"
    content = b"".join(path.read_bytes() for path in files)
    assert person_key(raw).encode() in content  # the person is there, by key
    for form in (raw, raw.lower(), "ZX9876543", "PASSPORTZX9876543"):
        assert form.encode() not in content


def test_a_home_that_is_a_file_gives_a_clear_error(tmp_path, monkeypatch):
    from opsreport.errors import ConfigError
    from opsreport.settings import database_url

    not_a_folder = tmp_path / "home"
    not_a_folder.write_text("")
    monkeypatch.setenv("OPSREPORT_HOME", str(not_a_folder))
    monkeypatch.delenv("OPSREPORT_DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="OPSREPORT_HOME"):
        database_url()
