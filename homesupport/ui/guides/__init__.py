"""The guides page: the library of step-by-step guide sheets (bundled, the
coordinator's and one's own), the editor for a guide and its steps, the preview, printing single
sheets and booklets in large print, the changes a coordinator's update brings, and the picker the
session form embeds."""
