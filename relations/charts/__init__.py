"""The dashboard's figures: plain frozen dataclasses in, plotly Figures and tables out.

Pure: no ORM, no clock. Selectors (relations/selectors/chart_inputs.py, timeline.py) turn rows
into these dataclasses; every figure has a companion `*_table` function over the same input,
so the accessible table and the CSV download carry exactly the numbers the figure draws.

The package: `inputs` (the dataclasses the charts read), `style` (palette, temperature bands,
base layout, axes, date window), `labels` (dates, quantities and titles as text), one module
per figure (`timeline` with its story, `metrics`, `agreements`) and `tables` (their rows).
"""

from relations.charts.agreements import (
    agreement_end,
    agreements_figure,
    agreements_height,
    agreements_spec,
)
from relations.charts.inputs import (
    AgreementSpan,
    Contributor,
    EventMarker,
    MetricPoint,
    MetricSeries,
    TemperatureMonth,
)
from relations.charts.labels import format_quantity, iso, month_label
from relations.charts.metrics import metric_figure, metric_hover, metric_spec
from relations.charts.style import (
    ACCENT,
    BANDS,
    DAY_MS,
    DIVERGING,
    FONT,
    GRID,
    INK,
    MUTED,
    FigureSpec,
    as_figure,
    band_label,
)
from relations.charts.tables import (
    Table,
    agreements_table,
    events_table,
    metric_table,
    timeline_table,
)
from relations.charts.timeline import (
    Story,
    event_hover,
    marker_size,
    month_hover,
    signature_annotations,
    signature_shapes,
    signatures,
    timeline_figure,
    timeline_spec,
    timeline_story,
)

__all__ = [
    "ACCENT",
    "BANDS",
    "DAY_MS",
    "DIVERGING",
    "FONT",
    "GRID",
    "INK",
    "MUTED",
    "AgreementSpan",
    "Contributor",
    "EventMarker",
    "FigureSpec",
    "MetricPoint",
    "MetricSeries",
    "Story",
    "Table",
    "TemperatureMonth",
    "agreement_end",
    "agreements_figure",
    "agreements_height",
    "agreements_spec",
    "agreements_table",
    "as_figure",
    "band_label",
    "event_hover",
    "events_table",
    "format_quantity",
    "iso",
    "marker_size",
    "metric_figure",
    "metric_hover",
    "metric_spec",
    "metric_table",
    "month_hover",
    "month_label",
    "signature_annotations",
    "signature_shapes",
    "signatures",
    "timeline_figure",
    "timeline_spec",
    "timeline_story",
    "timeline_table",
]
