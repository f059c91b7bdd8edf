"""The dashboard's figures: plain frozen dataclasses in, plotly JSON and tables out.

Pure: no ORM, no clock. Selectors (relations/selectors/chart_inputs.py, timeline.py) turn rows
into the dataclasses of `inputs`; `style` holds the palette, temperature bands, base layout,
axes and date window; `labels` writes dates, quantities and titles as text; one module per
figure (`timeline` with its story, `metrics`, `agreements`) builds its spec, and `tables` its
rows, so the table view and the CSV carry exactly the numbers the figure draws.
"""
