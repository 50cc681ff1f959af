"""The on-time chart's geometry: bar heights follow the rates, and a missing rate says so."""

from reporting import chart


def test_bar_heights_are_proportional_to_the_rates_on_one_baseline():
    drawn = chart.bar_chart([("Q1", 100), ("Q2", 50), ("Q3", 0), ("Q4", None)])
    heights = [bar.height for bar in drawn.bars]
    assert heights == [chart.PLOT_HEIGHT, chart.PLOT_HEIGHT // 2, 0, 0]
    assert {bar.y + bar.height for bar in drawn.bars} == {drawn.axis_y}
    assert [bar.value_text for bar in drawn.bars] == ["100%", "50%", "0%", "no figures yet"]


def test_bars_sit_side_by_side_within_the_drawing():
    drawn = chart.bar_chart([(f"Q{i}", 75) for i in range(1, 5)])
    edges = [(bar.x, bar.x + bar.width) for bar in drawn.bars]
    assert all(left < right for left, right in edges)
    assert all(a[1] < b[0] for a, b in zip(edges, edges[1:], strict=False))
    assert edges[0][0] >= chart.LEFT
    assert edges[-1][1] <= chart.WIDTH
    assert all(bar.value_y > 0 for bar in drawn.bars)


def test_grid_lines_run_from_nought_to_a_hundred_percent():
    drawn = chart.bar_chart([("Q1", 10)])
    assert [line.percent for line in drawn.grid] == [0, 25, 50, 75, 100]
    assert drawn.grid[0].y == drawn.axis_y
    assert drawn.grid[-1].y == chart.TOP
    assert drawn.view_box == f"0 0 {chart.WIDTH} {chart.HEIGHT}"
