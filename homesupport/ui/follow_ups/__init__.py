"""The follow-ups page: sessions whose follow-up date is due or near, with logging
the follow-up session and moving it to another day."""
