"""A service stand-in is made once, on first use, even when two threads ask at the same time."""

import threading
import time

from homesupport.ui.app.deferred import Deferred


class Service:
    def __init__(self) -> None:
        time.sleep(0.05)  # long enough for a second caller to arrive meanwhile

    def answer(self, n: int) -> int:
        return n + 1


def test_made_once_on_first_use_and_shared_between_threads():
    made = []

    def make() -> Service:
        made.append(1)
        return Service()

    service = Deferred(make)
    assert made == []
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(service.answer(41))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [42] * 4 and made == [1]
    assert service.resolve() is service.resolve()
