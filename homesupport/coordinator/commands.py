"""What each ``homesupport-coordinator`` command does, apart from parsing and printing."""

from __future__ import annotations

import io
import json
import os
import socket
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from homesupport.coordinator import export as tidy
from homesupport.coordinator import ingest, qr
from homesupport.coordinator.context import Coordinator, open_coordinator
from homesupport.coordinator.security import MIN_PASSWORD_LENGTH
from homesupport.coordinator.settings import (
    ENV_DB,
    ENV_PUBLIC_URL,
    SettingsError,
    settings_from_environment,
)
from homesupport.coordinator.storage import devices, guides, policy, reports, users
from homesupport.coordinator.terminal import escaped
from homesupport.domain.guide_archive import GuideArchive, read_guide_archive
from homesupport.domain.guides import Guide, GuideError, GuideProblem
from homesupport.domain.report_format import MAX_K, MIN_K, is_period
from homesupport.files import SHARED_FILE_MODE, atomic_write
from homesupport.i18n import _

MAX_EXPIRY_DAYS = 365
MAX_NAME = 100


class InputError(Exception):
    """Bad usage or invalid input; nothing was changed."""


@contextmanager
def opened(db: str) -> Iterator[Coordinator]:
    try:
        settings = settings_from_environment(db_url=db)
    except SettingsError as error:
        raise InputError(
            _("A setting in the environment is not valid: %(problems)s") % {"problems": error}
        ) from None
    coordinator = open_coordinator(settings)
    try:
        yield coordinator
    finally:
        coordinator.close()


def _period(text: str) -> str:
    if not is_period(text):
        raise InputError(_("%(value)s is not a month written YYYY-MM.") % {"value": text})
    return text


def _name(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InputError(_("A name has 1 to %(n)s characters.") % {"n": MAX_NAME})
    if not cleaned.isprintable():
        raise InputError(_("A name is printable text: no control or formatting characters."))
    return cleaned


def serve(
    db: str,
    host: str,
    port: int,
    workers: int,
    public_url: str | None,
    forwarded_allow_ips: str,
    out: TextIO,
) -> int:
    import uvicorn  # only the server needs it

    if workers < 1 or not 0 <= port <= 65535:
        raise InputError(_("Workers must be 1 or more and the port 0–65535."))
    with opened(db):  # migrate once here, before any worker starts
        pass
    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    # Workers are separate processes: they read their settings from the environment.
    os.environ[ENV_DB] = db
    if public_url:
        os.environ[ENV_PUBLIC_URL] = public_url
    shown = f"[{host}]" if ":" in host else host
    out.write(
        _(
            "Listening on http://%(where)s/ (dashboard), API at http://%(where)s/api/v1, "
            "health at http://%(where)s/healthz"
        )
        % {"where": f"{shown}:{port}"}
        + "\n"
    )
    if host not in ("127.0.0.1", "::1", "localhost"):
        out.write(_("Plain HTTP: put a TLS reverse proxy in front of this address.") + "\n")
    out.flush()
    uvicorn.run(
        "homesupport.coordinator.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
    )
    return 0


def enrol_code(db: str, name: str | None, days: int) -> str:
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InputError(_("A code lives 1 to %(n)s days.") % {"n": MAX_EXPIRY_DAYS})
    label = _name(name)
    with opened(db) as c, c.sessions.begin() as session:
        return devices.create_code(session, label, c.clock(), days)


def write_qr(link: str, path: Path) -> None:
    try:
        qr.write_png(link, path)
    except OSError as error:
        raise InputError(str(error)) from error


def list_devices(db: str) -> str:
    with opened(db) as c, c.sessions() as session:
        rows = devices.listing(session)
    lines = []
    for row in rows:
        seen = row.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if row.last_seen_at else "-"
        # Names come from the devices: each field is escaped on its own, so a tab or line
        # break in a name cannot forge a column or a line.
        name = escaped(row.name)
        if row.label and row.label != row.name:
            name += f" ({escaped(row.label)})"
        if row.revoked:
            name += " " + _("[revoked]")
        lines.append("\t".join((escaped(row.device_id), name, seen, ",".join(row.months) or "-")))
    return "\n".join(lines)


def revoke(db: str, device_id: str) -> str:
    with opened(db) as c, c.sessions.begin() as session:
        done = devices.revoke(session, device_id, c.clock())
    if done is None:
        raise InputError(_("No device %(id)s.") % {"id": device_id})
    if not done:
        return _("Device %(id)s was already revoked.") % {"id": device_id}
    return _("Device %(id)s is revoked; its token no longer works.") % {"id": device_id}


def add_user(db: str, name: str, password: str) -> str:
    user = _name(name)
    assert user is not None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            _("A password needs at least %(n)s characters.") % {"n": MIN_PASSWORD_LENGTH}
        )
    with opened(db) as c:
        hashed = c.passwords.hash(password)
        with c.sessions.begin() as session:
            new = users.add_or_update(session, user, hashed, c.clock())
    if new:
        return _("User %(name)s created.") % {"name": user}
    return _("New password set for %(name)s; their sessions were ended.") % {"name": user}


def lock(db: str, period: str, *, lock: bool) -> str:
    month = _period(period)
    with opened(db) as c, c.sessions.begin() as session:
        changed = policy.lock(session, month, c.clock()) if lock else policy.unlock(session, month)
    if lock:
        return (_("%(p)s is locked.") if changed else _("%(p)s was already locked.")) % {"p": month}
    return (_("%(p)s is open again.") if changed else _("%(p)s was not locked.")) % {"p": month}


def policy_command(db: str, k: int | None) -> str:
    with opened(db) as c, c.sessions.begin() as session:
        if k is not None:
            if not MIN_K <= k <= MAX_K:
                raise InputError(
                    _("k must be between %(low)s and %(high)s.") % {"low": MIN_K, "high": MAX_K}
                )
            policy.set_k(session, k)
        return f"k={policy.get_k(session)}"


def import_report(db: str, path: Path, device_id: str | None, name: str | None) -> str:
    try:
        payload = path.read_bytes()
    except OSError as error:
        raise InputError(str(error)) from error
    with opened(db) as c:
        checked = ingest.check(c, payload, None)
        if isinstance(checked, ingest.Rejected):
            details = "\n".join(f"  {p.path}: {p.text()}" for p in checked.problems)
            raise InputError(_("The report is not valid:") + "\n" + details)
        device_pk = _import_device(c, checked, device_id, name or f"{path.stem} (by hand)")
        stored = ingest.store(c, device_pk, checked, source="import")
    receipt = stored.receipt
    if stored.outcome is reports.Outcome.CONFLICT:
        assert receipt is not None
        raise InputError(
            _("The coordinator already has revision %(rev)s of %(p)s (%(why)s).")
            % {"rev": receipt.revision, "p": receipt.period, "why": stored.reason}
        )
    if stored.outcome is reports.Outcome.LOCKED:
        raise InputError(_("%(p)s is locked.") % {"p": checked.period})
    assert receipt is not None
    verb = _("Stored") if stored.outcome is reports.Outcome.CREATED else _("Already stored")
    return json.dumps({"result": verb, **receipt.as_json()}, ensure_ascii=False)


def _import_device(
    c: Coordinator, checked: reports.Incoming, device_id: str | None, name: str
) -> int:
    with c.sessions.begin() as session:
        if device_id:
            device = devices.by_public_id(session, device_id)
            if device is None:
                raise InputError(_("No device %(id)s.") % {"id": device_id})
            return device.id
        known = reports.find_device_of(session, str(checked.report["report_id"]))
        if known is not None:
            return known
        return devices.add_manual(session, _name(name) or name, c.clock()).id


def export(db: str, first: str, last: str, output: Path) -> str:
    _period(first)
    _period(last)
    if first > last:
        raise InputError(_("The first month comes after the last."))
    with opened(db) as c:
        text = tidy.to_csv(c, first, last)
    try:
        atomic_write(output, text, mode=SHARED_FILE_MODE)
    except OSError as error:
        raise InputError(str(error)) from error
    return _("Wrote %(n)s rows to %(file)s.") % {"n": text.count("\n") - 1, "file": output}


def publish_guides(db: str, path: Path) -> str:
    """Publishes a guide (its ``.zip`` or folder) or a folder of guide folders; every guide is
    checked first, and if any is invalid nothing is published."""
    with opened(db) as c:
        checked = _checked_guides(path, c.codes.codes_of("topic"))
        with c.sessions.begin() as session:
            done = [guides.publish(session, a, g, c.clock()) for a, g in checked]
    lines = []
    for published in done:
        entry = published.entry
        values = {"slug": entry.slug, "v": entry.version, "langs": ", ".join(entry.languages)}
        if published.changed:
            lines.append(_("%(slug)s: version %(v)s published (%(langs)s).") % values)
        else:
            lines.append(_("%(slug)s: unchanged, version %(v)s is already published.") % values)
    return "\n".join(lines)


def list_guides(db: str) -> str:
    """One line per published guide: slug, version, languages, checked on, devices per version."""
    with opened(db) as c, c.sessions() as session:
        rows = guides.use(session)
    lines = []
    for row in rows:
        entry = row.entry
        checked = ",".join(f"{lang}={day}" for lang, day in sorted(entry.checked_on.items()))
        held = ",".join(
            f"v{v}:{n}" for v, n in sorted(row.devices_by_version.items(), reverse=True)
        )
        lines.append(
            "\t".join(
                (entry.slug, f"v{entry.version}", ",".join(entry.languages), checked, held or "-")
            )
        )
    return "\n".join(lines)


def withdraw_guide(db: str, slug: str) -> str:
    with opened(db) as c, c.sessions.begin() as session:
        done = guides.withdraw(session, slug, c.clock())
    if not done:
        raise InputError(_("No published guide %(slug)s.") % {"slug": slug})
    return _("%(slug)s is withdrawn: laptops no longer receive it and keep their own copies.") % {
        "slug": slug
    }


def _checked_guides(
    path: Path, topics: tuple[str, ...]
) -> list[tuple[GuideArchive, dict[str, Guide]]]:
    try:
        if path.is_dir():
            folders = (
                [path]
                if any(path.glob("*.toml"))
                else sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
            )
            found = [(folder.name, _zipped(folder)) for folder in folders]
        else:
            found = [(path.name, path.read_bytes())]
    except OSError as error:
        raise InputError(str(error)) from error
    if not found:
        raise InputError(_("No guide found in %(path)s.") % {"path": path})
    checked: list[tuple[GuideArchive, dict[str, Guide]]] = []
    problems: list[GuideProblem] = []
    for label, data in found:
        try:
            archive = read_guide_archive(data, label)
            checked.append((archive, archive.guides(label, topics)))
        except GuideError as error:
            problems += error.problems
    if problems:
        details = "\n".join(f"  {p.describe(_)}" for p in problems)
        raise InputError(_("Nothing was published; these files are not valid:") + "\n" + details)
    return checked


def _zipped(folder: Path) -> bytes:
    """A guide folder as the archive the app exports (its subfolders are refused by the check)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, f"{folder.name}/{file.relative_to(folder).as_posix()}")
    return buffer.getvalue()
