"""The log file: written on the first record, rotated at its size limit, never in the way."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from homesupport import logs
from homesupport.logs import configure_logging


@pytest.fixture
def homesupport_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("homesupport")
    saved = logger.handlers[:], logger.level, logger.propagate
    yield logger
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:], logger.level, logger.propagate = saved


def test_nothing_is_written_before_the_first_record(
    tmp_path: Path, homesupport_logger: logging.Logger
) -> None:
    configure_logging(tmp_path / "logs")
    assert (tmp_path / "logs").is_dir()
    assert not (tmp_path / "logs" / logs.LOG_FILE).exists()

    logging.getLogger("homesupport.storage").info("store opened with %d sessions", 3)
    logging.getLogger("homesupport.storage").debug("not at the default level")

    text = (tmp_path / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")
    assert " INFO homesupport.storage: store opened with 3 sessions\n" in text
    assert "not at the default level" not in text


def test_the_file_rotates_at_its_size_limit(
    tmp_path: Path, homesupport_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    configure_logging(tmp_path, debug=True)
    for number in range(200):
        logging.getLogger("homesupport.sync").debug("attempt %d", number)

    files = sorted(path.name for path in tmp_path.glob(f"{logs.LOG_FILE}*"))
    assert files == [logs.LOG_FILE, *(f"{logs.LOG_FILE}.{n}" for n in range(1, logs.BACKUPS + 1))]
    assert all(path.stat().st_size <= 2_000 for path in tmp_path.glob(f"{logs.LOG_FILE}*"))
    assert "attempt 199" in (tmp_path / logs.LOG_FILE).read_text(encoding="utf-8")


def test_a_log_folder_that_cannot_be_made_does_not_stop_the_app(
    tmp_path: Path, homesupport_logger: logging.Logger
) -> None:
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    configure_logging(tmp_path / "a file" / "logs")
    logging.getLogger("homesupport").warning("cannot be written, and that is fine")
    assert (tmp_path / "a file").read_text(encoding="utf-8") == "not a folder"


def test_a_log_file_that_cannot_be_opened_does_not_stop_the_app(
    tmp_path: Path, homesupport_logger: logging.Logger
) -> None:
    (tmp_path / logs.LOG_FILE).mkdir()  # something else sits where the file should be
    configure_logging(tmp_path)
    logging.getLogger("homesupport").warning("cannot be written, and that is fine")
    logging.getLogger("homesupport").warning("nor this")
    assert (tmp_path / logs.LOG_FILE).is_dir()


def test_configuring_again_closes_the_open_file(
    tmp_path: Path, homesupport_logger: logging.Logger
) -> None:
    configure_logging(tmp_path / "first")
    logging.getLogger("homesupport").info("one")
    first = homesupport_logger.handlers[0]
    configure_logging(tmp_path / "second")
    logging.getLogger("homesupport").info("two")

    assert first not in homesupport_logger.handlers
    assert "two" not in (tmp_path / "first" / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "two" in (tmp_path / "second" / logs.LOG_FILE).read_text(encoding="utf-8")
