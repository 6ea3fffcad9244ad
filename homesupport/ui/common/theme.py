"""Colours, type sizes and the one stylesheet of the app, in a light and a dark variant.

The scheme follows the OS (``QStyleHints.colorScheme``); the font follows the system size
times the supporter's text scale (Settings). Widgets set ``objectName`` or a ``role``
property and this sheet styles them, so pages never hard-code colours.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    dark: bool
    window: str
    surface: str
    sunken: str
    nav: str
    text: str
    muted: str
    border: str
    accent: str
    accent_hover: str
    accent_text: str
    accent_soft: str
    danger: str
    danger_soft: str
    warning_soft: str
    selection: str
    point_size: float  # body text

    def pt(self, factor: float) -> str:
        return f"{self.point_size * factor:.1f}pt"


# The two palettes; make_theme sets the text size.
LIGHT = Theme(
    point_size=0.0,
    dark=False,
    window="#F4F6F8",
    surface="#FFFFFF",
    sunken="#EEF1F4",
    nav="#E8EEF0",
    text="#1D2730",
    muted="#56636F",
    border="#D5DCE3",
    accent="#0F766E",
    accent_hover="#0B5F58",
    accent_text="#FFFFFF",
    accent_soft="#DDF1EE",
    danger="#B3261E",
    danger_soft="#FBE6E4",
    warning_soft="#FFF4D6",
    selection="#C8E8E3",
)
DARK = Theme(
    point_size=0.0,
    dark=True,
    window="#161B20",
    surface="#1E252C",
    sunken="#232B33",
    nav="#11161A",
    text="#E7ECEF",
    muted="#A3AFB9",
    border="#34404A",
    accent="#3FB8A8",
    accent_hover="#5CCABB",
    accent_text="#0B1F1C",
    accent_soft="#1E3A37",
    danger="#F2867C",
    danger_soft="#3D2222",
    warning_soft="#3A321C",
    selection="#2A4A46",
)


def os_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def make_theme(dark: bool, text_scale: float, system_point_size: float) -> Theme:
    # Never below 10 pt: the supporters' laptops are often old and small.
    size = max(10.0, system_point_size) * text_scale
    return replace(DARK if dark else LIGHT, point_size=size)


def apply_theme(app: QApplication, theme: Theme, base_font: QFont) -> None:
    """The font and palette; the caller sets the stylesheet (:func:`stylesheet`) once the first
    window is built (``Gui.ready_to_show``). The sheet is written for the Fusion style, the
    same on every OS. ``launch_gui`` makes the QApplication with it (``-style Fusion``):
    asking for the style from Python here would build its wrapper and enums, a twentieth of
    the app's start."""
    font = QFont(base_font)
    font.setPointSizeF(theme.point_size)
    app.setFont(font)
    app.setPalette(_palette(theme))


def _palette(t: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: t.window,
        QPalette.ColorRole.WindowText: t.text,
        QPalette.ColorRole.Base: t.surface,
        QPalette.ColorRole.AlternateBase: t.sunken,
        QPalette.ColorRole.Text: t.text,
        QPalette.ColorRole.Button: t.surface,
        QPalette.ColorRole.ButtonText: t.text,
        QPalette.ColorRole.Highlight: t.selection,
        QPalette.ColorRole.HighlightedText: t.text,
        QPalette.ColorRole.ToolTipBase: t.surface,
        QPalette.ColorRole.ToolTipText: t.text,
        QPalette.ColorRole.PlaceholderText: t.muted,
        QPalette.ColorRole.Link: t.accent,
        QPalette.ColorRole.Accent: t.accent,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.muted))
    return p


def stylesheet(t: Theme, icons: str) -> str:
    """``icons``: the folder of the chevron images, with forward slashes."""
    return f"""
QWidget {{ color: {t.text}; }}
QMainWindow, QDialog, QWizard {{ background: {t.window}; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
    padding: 4px 8px; }}

#Navigation {{ background: {t.nav}; border-right: 1px solid {t.border}; }}
#NavigationTitle {{ font-size: {t.pt(1.25)}; font-weight: 700; padding: 0px 6px; }}
#Navigation QToolButton {{ border: none; border-radius: 10px; padding: 9px 12px;
    text-align: left; background: transparent; color: {t.text}; }}
#Navigation QToolButton:hover {{ background: {t.sunken}; }}
#Navigation QToolButton:checked {{ background: {t.accent_soft}; color: {t.text};
    font-weight: 700; }}
#Navigation QToolButton:focus {{ outline: none; border: 2px solid {t.accent}; }}
QLabel[role="badge"] {{ background: {t.accent}; color: {t.accent_text}; border-radius: 9px;
    padding: 0px 7px; font-weight: 700; font-size: {t.pt(0.85)}; }}

QLabel[role="title"] {{ font-size: {t.pt(1.6)}; font-weight: 700; }}
QLabel[role="subtitle"] {{ color: {t.muted}; }}
QLabel[role="section"] {{ font-size: {t.pt(1.15)}; font-weight: 700; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="error"] {{ color: {t.danger}; font-weight: 600; }}
QLabel[role="note"] {{ background: {t.warning_soft}; border-radius: 8px; padding: 8px 10px; }}
QLabel[role="secret"] {{ font-family: monospace; font-size: {t.pt(1.35)}; font-weight: 700;
    background: {t.sunken}; border: 1px dashed {t.border}; border-radius: 10px;
    padding: 14px; }}
QFrame[role="card"] {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 12px; }}
QFrame[role="card"] QLabel {{ background: transparent; }}
QFrame[role="undo"] {{ background: {t.text}; border-radius: 10px; }}
QFrame[role="undo"] QLabel {{ color: {t.window}; }}
QFrame[role="undo"] QPushButton {{ background: transparent; color: {t.accent_soft};
    border: 1px solid {t.accent_soft}; }}

QPushButton, QToolButton[role="action"] {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 8px; padding: 7px 14px; min-height: 20px; }}
QPushButton:hover, QToolButton[role="action"]:hover {{ background: {t.sunken}; }}
QPushButton:focus, QToolButton[role="action"]:focus {{ border: 2px solid {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.sunken}; }}
QPushButton[role="primary"] {{ background: {t.accent}; color: {t.accent_text};
    border: 1px solid {t.accent}; font-weight: 700; }}
QPushButton[role="primary"]:hover {{ background: {t.accent_hover}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {t.text}; }}
QPushButton[role="primary"]:disabled {{ background: {t.sunken}; color: {t.muted};
    border: 1px solid {t.border}; }}
QPushButton[role="danger"] {{ color: {t.danger}; }}
QRadioButton[role="preset"] {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 16px; padding: 7px 14px; spacing: 0px; min-height: 20px; }}
QRadioButton[role="preset"]::indicator {{ width: 0px; height: 0px; }}
QRadioButton[role="preset"]:hover {{ background: {t.sunken}; }}
QRadioButton[role="preset"]:checked, QPushButton[role="chip"]:checked {{
    background: {t.accent_soft}; border: 1px solid {t.accent}; font-weight: 700; }}
QRadioButton[role="preset"]:focus {{ border: 2px solid {t.accent}; padding: 6px 13px; }}
QPushButton[role="chip"] {{ border-radius: 15px; padding: 5px 12px; }}

QLineEdit, QSpinBox, QDateEdit, QTimeEdit, QComboBox, QPlainTextEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px;
    padding: 5px 8px; min-height: 22px; selection-background-color: {t.selection};
    selection-color: {t.text}; }}
QLineEdit:focus, QSpinBox:focus, QDateEdit:focus, QTimeEdit:focus, QComboBox:focus,
QPlainTextEdit:focus {{ border: 2px solid {t.accent}; }}
QLineEdit[invalid="true"], QSpinBox[invalid="true"], QDateEdit[invalid="true"],
QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {t.danger}; }}
QComboBox QAbstractItemView {{ background: {t.surface}; border: 1px solid {t.border};
    selection-background-color: {t.selection}; selection-color: {t.text}; }}
QComboBox::drop-down, QDateEdit::drop-down {{ border: none; width: 26px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: url({icons}/chevron-down.svg);
    width: 14px; height: 14px; }}
QSpinBox::up-button, QSpinBox::down-button {{ border: none; width: 22px; }}
QSpinBox::up-arrow {{ image: url({icons}/chevron-up.svg); width: 12px; height: 12px; }}
QSpinBox::down-arrow {{ image: url({icons}/chevron-down.svg); width: 12px; height: 12px; }}
QSpinBox::up-arrow:disabled, QSpinBox::down-arrow:disabled {{ image: none; }}
QCheckBox, QRadioButton {{ spacing: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 18px; height: 18px; }}

QTableView, QListView, QTreeView {{ background: {t.surface}; border: 1px solid {t.border};
    border-radius: 10px; gridline-color: transparent;
    selection-background-color: {t.selection}; selection-color: {t.text};
    alternate-background-color: {t.sunken}; }}
QTableView::item {{ padding: 4px 8px; border: none; }}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 2px solid {t.accent}; }}
QHeaderView::section {{ background: {t.surface}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; padding: 8px; font-weight: 600; }}
QHeaderView {{ background: transparent; }}

QStatusBar {{ background: {t.surface}; border-top: 1px solid {t.border}; color: {t.muted}; }}
QStatusBar QLabel {{ color: {t.muted}; padding: 2px 8px; }}
QProgressBar {{ border: 1px solid {t.border}; border-radius: 6px; background: {t.sunken};
    max-height: 10px; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 6px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QTabWidget::pane {{ border: none; }}
"""
