"""The figures chart's geometry (no database), and its SVG."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string

from claims.events import charts
from claims.events.charts import Point, figures_chart

AUG_1, AUG_2 = dt.date(2016, 8, 1), dt.date(2016, 8, 2)


def point(day, low, high, series, label="") -> Point:
    return Point(day=day, low=low, high=high, series=series, label=label or f"{series}: {low}")


def test_nothing_to_draw_is_no_chart():
    assert figures_chart([], title="Killed") is None
    assert figures_chart([point(AUG_1, None, None, "RT")], title="Killed") is None


def test_each_source_is_a_series_with_its_own_colour_and_shape():
    chart = figures_chart(
        [point(AUG_1, 5, 5, "RT"), point(AUG_2, 4, 4, "Levant Observer"), point(AUG_2, 5, 5, "RT")],
        title="Killed",
    )
    assert [s.name for s in chart.series] == ["RT", "Levant Observer"]
    assert len({s.color for s in chart.series}) == 2
    assert len({s.shape for s in chart.series}) == 2
    rt = chart.series[0]
    # Time runs left to right; a larger count sits higher (smaller y).
    assert rt.marks[0].x < rt.marks[1].x
    levant = chart.series[1].marks[0]
    assert levant.y > rt.marks[0].y
    # A source reporting on two days is joined by a line.
    assert rt.line and not chart.series[1].line


def test_two_figures_of_one_source_on_one_day_are_not_a_line():
    chart = figures_chart([point(AUG_1, 5, 5, "RT"), point(AUG_1, 2, 2, "RT")], title="Killed")
    assert chart.series[0].line == ""


def test_a_range_is_a_bar_and_a_minimum_an_arrow():
    chart = figures_chart(
        [point(AUG_1, 10, 13, "Wire"), point(AUG_2, 10, None, "Daily")], title="Killed"
    )
    ranged, minimum = chart.series[0].marks[0], chart.series[1].marks[0]
    assert ranged.y_high is not None and ranged.y_high < ranged.y and not ranged.arrow
    assert minimum.y_high is None and minimum.arrow and minimum.arrow_top < minimum.y


def test_the_axes_cover_every_day_and_count():
    chart = figures_chart([point(AUG_1, 12, 12, "RT")], title="Killed")
    assert [t.iso for t in chart.x_ticks] == ["2016-07-31", "2016-08-01", "2016-08-02"]
    assert chart.y_ticks[0].text == "0" and int(chart.y_ticks[-1].text) >= 12


def test_many_sources_share_an_other_sources_series():
    points = [point(AUG_1, i, i, f"Outlet {i}") for i in range(1, 20)]
    chart = figures_chart(points, title="Killed")
    assert len(chart.series) == charts.MAX_SERIES
    assert chart.series[-1].name == "Other sources"


def test_the_svg_has_a_title_a_description_a_legend_and_no_script():
    chart = figures_chart(
        [point(AUG_1, 5, 5, "RT", "RT, 1 Aug 2016: 5 killed (“<all 5 aboard dead>”)")],
        title="Killed: figures reported over time, by source",
        key="figures-killed",
    )
    html = render_to_string("public/_figures_chart.html", {"chart": chart, "chart_id": chart.key})
    assert 'aria-labelledby="figures-killed-title figures-killed-desc"' in html
    assert '<title id="figures-killed-title">Killed: figures reported over time' in html
    assert '<desc id="figures-killed-desc">RT, 1 Aug 2016: 5 killed' in html
    assert "&lt;all 5 aboard dead&gt;" in html and "<all 5" not in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert html.count(">RT</text>") == 1  # the legend


def test_the_chart_scrolls_in_a_focusable_frame_instead_of_shrinking_on_a_phone():
    chart = figures_chart([point(AUG_1, 5, 5, "RT")], title="Killed", key="figures-killed")
    html = render_to_string("public/_figures_chart.html", {"chart": chart, "chart_id": chart.key})
    assert 'class="figures-chart__frame" tabindex="0"' in html
    assert 'class="figures-chart__svg"' in html
    # The content security policy allows no inline style: the frame scrolls by CSS.
    css = (settings.BASE_DIR / "static" / "css" / "base.css").read_text()
    assert ".figures-chart__frame { overflow-x: auto; }" in css
    assert "min-width: 540px" in css
    assert 'aria-labelledby="figures-killed-caption"' in html
    assert '<figcaption id="figures-killed-caption">Killed.' in html
