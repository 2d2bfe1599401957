"""Dovetail: an open platform for industry-education integration in vocational education."""
