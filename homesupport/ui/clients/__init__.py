"""The clients page: people helped more than once, their details and consent, their
history of sessions, the picker the session form embeds, a client's own copy of their data
(access export) and erasing a client."""
