import os
import sys

from homesupport.storage.key_ahead import CHILD_ENV

if data_dir := os.environ.get(CHILD_ENV):  # the app's own key finder (storage/key_ahead.py)
    from homesupport.storage.key_ahead import answer_parent

    status = answer_parent(data_dir)
    sys.stdout.flush()
    os._exit(status)  # the parent waits for the end of the answer; nothing here to tidy up

from homesupport.app import main

raise SystemExit(main())
