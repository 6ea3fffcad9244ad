"""The Statistics view's charts (QtCharts), in the theme's colours and the interface language:
sessions per month over a year, the month's top topics, and its modes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QWidget

from homesupport.ui.common.theme import Theme

TOP_TOPICS = 8
LABEL_CHARS = 34
LABEL_GAP = 8  # pixels between two month names side by side
PLOT_MARGIN = 60  # the value axis and margins, before the chart is first laid out
SLANT = -45  # degrees, for month names that would overlap side by side


class ChartView(QChartView):
    """A chart that fits a card: no legend, no animation, theme colours, readable labels."""

    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._horizontal = False
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitleBrush(QColor(theme.text))
        font = chart.titleFont()
        font.setBold(True)
        chart.setTitleFont(font)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(270)  # room for the title, the bars and a row of month names
        self.setAccessibleName(title)
        # A picture: nothing to do with the keyboard there (the figures are in the tables).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _axis_style(self, axis: QAbstractAxis) -> None:
        axis.setLabelsBrush(QColor(self._theme.muted))
        axis.setGridLineColor(QColor(self._theme.border))
        axis.setLinePenColor(QColor(self._theme.border))

    def _reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def show_bars(
        self, labels: Sequence[str], values: Sequence[int], horizontal: bool = False
    ) -> None:
        """One bar per label; horizontal bars list the first label at the top."""
        chart = self._reset()
        self._horizontal = horizontal
        if horizontal:  # Qt draws the first category at the bottom
            labels, values = list(reversed(labels)), list(reversed(values))
        bars = QBarSet("")
        bars.append([float(v) for v in values])
        bars.setColor(QColor(self._theme.accent))
        bars.setBorderColor(QColor(self._theme.accent))
        bars.setLabelColor(QColor(self._theme.text))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_shorten(text) for text in labels])
        categories.setTruncateLabels(False)  # Qt would cut a label to "..." even with room
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setRange(0, max([*values, 1]) * 1.15)
        counts.setTickCount(5)
        counts.applyNiceNumbers()
        counts.setLabelsVisible(not horizontal)
        counts.setGridLineVisible(not horizontal)
        self._axis_style(categories)
        self._axis_style(counts)
        category_side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        value_side = Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        chart.addAxis(categories, category_side)
        chart.addAxis(counts, value_side)
        series.attachAxis(categories)
        series.attachAxis(counts)
        self._fit_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Month names side by side where each has room, slanted where they would overlap
        (a narrow window, large text, long Swedish or Finnish month names)."""
        axes = [a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis)]
        if self._horizontal or not axes or not axes[0].count():
            return
        axis = axes[0]
        metrics = QFontMetrics(axis.labelsFont())
        widest = max(metrics.horizontalAdvance(text) for text in axis.categories())
        plot = self.chart().plotArea().width() or self.width() - PLOT_MARGIN
        side_by_side = (widest + LABEL_GAP) * axis.count() <= plot
        axis.setLabelsAngle(0 if side_by_side else SLANT)

    def labels_fit(self) -> bool:
        """Whether the category labels, as drawn now, stay clear of each other."""
        axes = [a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis)]
        if not axes or self._horizontal or not axes[0].count():
            return True
        metrics = QFontMetrics(axes[0].labelsFont())
        slot = self.chart().plotArea().width() / axes[0].count()
        if axes[0].labelsAngle() == 0:
            return max(metrics.horizontalAdvance(t) for t in axes[0].categories()) <= slot
        return metrics.height() * 1.5 <= slot  # slanted lines stay apart

    def categories(self) -> list[str]:
        """The labels as read: left to right, or top to bottom."""
        axes = [a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis)]
        found = list(axes[0].categories()) if axes else []
        return found[::-1] if self._horizontal else found


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    # The axis would elide a long label to "..." alone; a cut label still says what it is.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def top(counts: dict[str, int], n: int = TOP_TOPICS) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
