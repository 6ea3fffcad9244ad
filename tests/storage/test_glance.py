"""The first screen read in plain SQL must be exactly what the repository's first page is."""

import pytest

from homesupport.domain.sessions import SessionFilter
from homesupport.paths import Paths
from homesupport.services.unlock import WrongSecret, unlock
from homesupport.storage import keys
from homesupport.storage.connection import connect_raw
from homesupport.storage.glance import read_glance


@pytest.mark.parametrize("rows", [1, 60, 296, 297, 500])
def test_the_glance_is_the_repositorys_first_page(filled, data_dir, rows):
    store, service = filled
    expected = service.page(SessionFilter(), "date", True, 0, rows)
    connection = connect_raw(Paths.resolve(data_dir).database, store._key)
    try:
        glance = read_glance(connection, rows)
    finally:
        connection.close()
    assert glance.current and glance.has_profile
    assert service.count(SessionFilter()) == 297
    # Counted only when every session fits on the first screen; else the count comes later.
    assert glance.total == (297 if rows >= 297 else None)
    assert list(glance.newest) == expected
    # The nickname is not part of a session's equality; the table shows it all the same.
    assert [s.client_nickname for s in glance.newest] == [s.client_nickname for s in expected]
    assert any(s.client_nickname for s in glance.newest) or rows == 1


def test_unlocking_checks_the_key_and_glances_without_the_orm(filled, data_dir, monkeypatch):
    store, _service = filled
    paths = Paths.resolve(data_dir)
    unlocked = unlock(paths)
    assert not unlocked.created and unlocked.key == store._key
    glance = unlocked.glance(5)
    assert glance is not None and glance.total is None and len(glance.newest) == 5

    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(data_dir / "other-key"))
    (data_dir / "other-key").write_text(keys.recovery_key(keys.new_key()))
    with pytest.raises(WrongSecret):
        unlock(paths)


def test_an_older_store_is_only_named_not_read(filled, data_dir):
    """A store that needs migrating may not have the columns the glance reads."""
    store, _service = filled
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    connection = connect_raw(Paths.resolve(data_dir).database, store._key)
    try:
        glance = read_glance(connection, 60)
    finally:
        connection.close()
    assert glance.revision == "0003" and not glance.current
    assert glance.newest == () and glance.total == 0


def test_a_new_store_has_nothing_to_glance_at(data_dir, memory_keyring):
    unlocked = unlock(Paths.resolve(data_dir))
    assert unlocked.created and unlocked.glance(60) is None
    assert not Paths.resolve(data_dir).database.exists()  # made only when opened


def test_the_stored_sql_is_what_the_orm_generates_now():
    """storage/glance_sql.py is generated from the models and the repository's page query;
    after a schema change run `python -m homesupport.storage.glance_sql_gen`."""
    from homesupport.storage import glance_sql_gen

    stored = glance_sql_gen.TARGET.read_text(encoding="utf-8")
    assert stored == glance_sql_gen.generate(), "run python -m homesupport.storage.glance_sql_gen"


def test_the_first_screen_loads_no_sqlalchemy():
    """The point of the plain SQL: its module and the generated constants need no ORM."""
    import subprocess
    import sys

    code = (
        "import sys, homesupport.storage.glance; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
