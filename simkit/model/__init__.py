"""The SimPy model of one TPS day, split by phase.

No pandas, no plotting, no Jupyter in here: processes append plain records to a
:class:`~simkit.model.log.DayLog`; :mod:`simkit.records` turns them into frames.
"""
