"""The Windows-only code paths, checked under Wine by test_under_wine.sh.

Run with the Windows Python on the project's own code, after the MSI installed the app per
machine with an administrator configuration; ``--cli`` is the installed homesupport-cli.exe,
which does the file work the way a supporter's computer would. One line per check, exit 0 only
when every check held.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import keyring

from homesupport.paths import Paths
from homesupport.services.site_config import load_site_config, site_config_path
from homesupport.services.store import open_store
from homesupport.storage import keys

# A session list as Excel on a Finnish Windows saves it: cp1252, CRLF, semicolons.
CP1252_CSV = (
    "Päivämäärä;Kesto;Tapa;Ohjelma;Aiheet;Kunta;Asiakas;Muistiinpanot\r\n"
    '4.3.2026;45;Kotikäynti;Kotiin vietävä digituki;"OmaKanta;Sähköposti";Jyväskylä;Äijä;'
    '"Näytin; kuinka ""Kanta"" toimii"\r\n'
    "5.3.2026;30;Puhelin;Yleinen digituki;;Pedersöre;Åsa;€ maksu\r\n"
)


def run_cli(cli: str, *args: str) -> str:
    done = subprocess.run([cli, *args], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])}: exit {done.returncode}: {done.stderr.strip()}")
    return done.stdout.strip()


def check_keyring() -> str:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if type(backend).__name__ != "WinVaultKeyring" or not keys.keyring_is_secure(backend):
        raise RuntimeError(f"the keyring chosen is {name}")
    service, secret = "HomeSupport wine check", "å" * 600  # UTF-16 in the vault: 1,200 bytes
    keyring.set_password(service, "probe", secret)
    try:
        if keyring.get_password(service, "probe") != secret:
            raise RuntimeError("the secret read back differs")
    finally:
        keyring.delete_password(service, "probe")
    return f"{name}: a secret written, read back and deleted"


def check_paths() -> str:
    paths = Paths.resolve(environ={})
    local = Path(os.environ["LOCALAPPDATA"])
    for folder in (paths.data_dir, paths.log_dir, paths.cache_dir):
        if local not in folder.parents:
            raise RuntimeError(f"{folder} is not under %LOCALAPPDATA% ({local})")
    if paths.data_dir != local / "HomeSupport" or not paths.database.is_file():
        raise RuntimeError(f"no data where the installed program keeps it: {paths.data_dir}")
    return f"data {paths.data_dir}, logs {paths.log_dir}"


def check_site_config(expected: Path) -> str:
    path = site_config_path({})
    wanted = Path(os.environ["PROGRAMDATA"]) / "HomeSupport" / "config.toml"
    if path != wanted:
        raise RuntimeError(f"the app looks for {path}, not {wanted}")
    found = load_site_config({})
    wanted_config = load_site_config({"HOMESUPPORT_SITE_CONFIG": str(expected)})
    if replace(found, source=None) != replace(wanted_config, source=None) or found.problems:
        raise RuntimeError(f"the installed configuration reads as {found}")
    return f"{path}: coordinator {found.coordinator_url}, locked {sorted(found.locked)}"


def check_names_and_csv(cli: str, folder: Path) -> str:
    """A data folder, a CSV and a backup whose names have ä, ö and å; the CSV in cp1252 with
    Windows line endings, through the installed program's import and export."""
    data = folder / "Käyttäjä Åsa Öhman" / "HomeSupport"
    source = folder / "käynnit-äöå.csv"
    source.write_bytes(CP1252_CSV.encode("cp1252"))
    run_cli(cli, "--data-dir", str(data), "import", str(source))
    exported = folder / "vienti-åäö.csv"
    run_cli(cli, "--data-dir", str(data), "export", "--format", "csv", "-o", str(exported))
    text = exported.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    clients = sorted(row["client"] for row in rows)
    notes = sorted(row["notes"] for row in rows)
    if clients != ["Äijä", "Åsa"] or 'Näytin; kuinka "Kanta" toimii' not in notes:
        raise RuntimeError(f"exported clients {clients}, notes {notes}")
    backup = folder / "varmuuskopio-äöå.hsbackup"
    run_cli(cli, "--data-dir", str(data), "backup", "-o", str(backup))
    if not backup.is_file() or not (data / "homesupport.db").is_file():
        raise RuntimeError("the backup or the data is missing")
    return f"imported {len(rows)} sessions from {source.name} (cp1252, CRLF), backup {backup.name}"


def check_json_export(cli: str, folder: Path) -> str:
    """The installed program reads the data the installed program made, key from the vault."""
    out = folder / "kaikki.json"
    run_cli(cli, "export", "--format", "json", "-o", str(out))
    sessions = json.loads(out.read_text(encoding="utf-8"))["sessions"]
    if not sessions:
        raise RuntimeError("no sessions in the user's data")
    return f"{len(sessions)} sessions exported from %LOCALAPPDATA%\\HomeSupport"


def check_backup_while_open(cli: str, folder: Path) -> str:
    """The data open in one process, in the middle of a read (as the app holds it), while the
    installed program writes a backup of it from another: Windows locks files that are open."""
    store = open_store(Paths.resolve(environ={}), dt.datetime.now)  # its key from the vault
    backup = folder / "tietojen-ollessa-auki.hsbackup"
    raw = store.engine.raw_connection()  # the driver's own connection: no transaction rules
    try:
        database = raw.driver_connection
        assert database is not None
        if not database.in_transaction:
            database.execute("BEGIN")
        database.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a read snapshot
        run_cli(cli, "backup", "-o", str(backup))
        database.rollback()
    finally:
        raw.close()
        store.close()
    if backup.stat().st_size == 0:
        raise RuntimeError("the backup is empty")
    return f"{backup.name}, {backup.stat().st_size // 1024} kB, while another process read the data"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--site-config", required=True, type=Path)
    args = parser.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="homesupport-wine-") as temporary:
        folder = Path(temporary)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("keyring is Windows Credential Manager", check_keyring),
            ("paths under %LOCALAPPDATA%", check_paths),
            ("administrator configuration read", lambda: check_site_config(args.site_config)),
            ("ä/ö/å names, cp1252 CRLF CSV", lambda: check_names_and_csv(args.cli, folder)),
            ("the user's data through the vault key", lambda: check_json_export(args.cli, folder)),
            ("backup while the data is open", lambda: check_backup_while_open(args.cli, folder)),
        ]
        for name, check in checks:
            try:
                print(f"ok      {name}: {check()}", flush=True)
            except Exception as error:  # every check reports, not only the first failure
                failed += 1
                print(f"FAILED  {name}: {type(error).__name__}: {error}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
