import threading


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot, tasks):
    busy = []
    tasks.busy_changed.connect(lambda on, text: busy.append((on, text)))
    gui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(result):
        seen["done"] = threading.get_ident()
        seen["result"] = result

    tasks.run(work, done, label="Counting…")
    assert tasks.busy
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker"] != gui_thread and seen["done"] == gui_thread
    assert busy == [(True, "Counting…"), (False, "")]
    assert not tasks.busy


def test_an_error_is_handed_to_the_gui_thread(qtbot, tasks):
    errors = []

    def work():
        raise OSError(28, "No space left on device")

    tasks.run(work, lambda _r: errors.append("no error?"), errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], OSError) and errors[0].errno == 28
