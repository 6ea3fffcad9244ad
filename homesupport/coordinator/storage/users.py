"""Coordinator users and their login sessions (kept in the database, not in a process)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from homesupport.coordinator import security
from homesupport.coordinator.storage.models import LoginSession, User


@dataclass(frozen=True)
class SignedIn:
    user_name: str
    csrf_token: str


def add_or_update(session: Session, name: str, password_hash: str, now: dt.datetime) -> bool:
    """Creates the user, or sets a new password; True when the user is new."""
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        session.add(User(name=name, password_hash=password_hash, created_at=now))
        return True
    user.password_hash = password_hash
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    return False


def find(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


def start_session(session: Session, user: User, now: dt.datetime, hours: int) -> str:
    """A new login session; returns the cookie value (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=security.hash_secret(token),
            user_id=user.id,
            csrf_token=security.new_csrf_token(),
            created_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    # Expired sessions of anyone go now; there is no background job to do it.
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    return token


def current(session: Session, token: str, now: dt.datetime) -> SignedIn | None:
    row = session.execute(
        select(User.name, LoginSession.csrf_token)
        .join(User, User.id == LoginSession.user_id)
        .where(
            LoginSession.token_hash == security.hash_secret(token),
            LoginSession.expires_at > now,
        )
    ).first()
    return SignedIn(row[0], row[1]) if row else None


def end_session(session: Session, token: str) -> None:
    session.execute(
        delete(LoginSession).where(LoginSession.token_hash == security.hash_secret(token))
    )
