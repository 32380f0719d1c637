"""The presentation layer: what a person reads, shared by the web and the reports.

One reader of the published zone, one vocabulary (Danish and English names of
everything), one number formatter, one chart set and one Excel writer.
"""
