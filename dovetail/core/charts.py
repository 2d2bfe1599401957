"""What every picture shares: the palette, colour-blind safe and distinct on white."""

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"]
