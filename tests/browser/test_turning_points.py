"""Directions and turning points in a real browser: a turning point's mark opens its panel,
and the direction switch redraws the timeline."""

import pytest

from relations.models import Relationship, TurningPoint

pytestmark = [
    pytest.mark.browser,
    # Live server: the data must be committed; the rollback restores the seeded categories.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The centre of one plotted point of a trace, found by the trace's meta and the point's x.
POINT_CENTRE = """([meta, x]) => {
  const groups = [...document.querySelectorAll('#plot-timeline .scatterlayer .trace')];
  const group = groups.find((g) => g.__data__ && g.__data__[0].trace.meta === meta);
  const index = group.__data__[0].trace.x.indexOf(x);
  const box = group.querySelectorAll('path.point')[index].getBoundingClientRect();
  return {x: box.left + box.width / 2, y: box.top + box.height / 2};
}"""


def test_clicking_a_turning_point_opens_its_panel(desktop, live_server, demo_record):
    relationship = Relationship.objects.get(slug="ru-tj")
    june = TurningPoint.objects.get(relationship=relationship, month="2004-06-01")
    tab = desktop.open(live_server.url + "/")
    history = tab.locator("#turning-points li")
    assert history.count() == TurningPoint.objects.filter(relationship=relationship).count()
    centre = tab.evaluate(POINT_CENTRE, ["turning-points", "2004-06-01"])
    tab.mouse.move(centre["x"], centre["y"])
    hover = tab.locator("#plot-timeline .hoverlayer .hovertext")
    hover.first.wait_for(timeout=5_000)
    assert "Turning point" in hover.first.text_content()
    desktop.screenshot("turning-point-hover", full_page=False)
    tab.mouse.click(centre["x"], centre["y"])
    tab.wait_for_url(f"**{june.get_absolute_url()}", timeout=10_000)
    assert tab.locator("h1").inner_text().startswith("June 2004: warmer by")
    assert tab.locator(".mover").count() == len(june.movers)
    assert tab.locator(".mover .citation__quote").count() >= 1
    desktop.screenshot("turning-point")
    assert desktop.errors == []


def test_the_direction_switch_draws_each_sides_line(desktop, phone, live_server, demo_record):
    tab = desktop.open(live_server.url + "/relationships/ru-tj/")
    tab.get_by_role("link", name="Both directions").click()
    tab.wait_for_url("**/?direction=each*", timeout=10_000)
    tab.wait_for_selector("body[data-charts-ready]", timeout=15_000)
    metas = tab.evaluate("() => document.getElementById('plot-timeline').data.map((t) => t.meta)")
    assert {"temperature", "line-TJ", "line-all", "turning-points"} <= set(metas)
    assert tab.locator('[data-direction="each"][aria-current="true"]').count() == 1
    desktop.screenshot("timeline-both-directions", full_page=False)
    tab.get_by_role("link", name="Tajikistan toward Russia").click()
    tab.wait_for_url("**/?direction=TJ*", timeout=10_000)
    tab.wait_for_selector("body[data-charts-ready]", timeout=15_000)
    name = tab.evaluate(
        "() => document.getElementById('plot-timeline').data.find((t) => t.meta === 'temperature').name"
    )
    assert name == "Tajikistan toward Russia"
    # On a phone the switch wraps instead of running off the screen.
    page = phone.open(live_server.url + "/relationships/ru-tj/?direction=each")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot("timeline-both-directions-phone", full_page=False)
    assert desktop.errors == [] and phone.errors == []
