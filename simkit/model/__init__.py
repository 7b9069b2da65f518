"""The SimPy model of one TPS day, split by phase.

``station`` (the TPS: :class:`~simkit.model.station.TPSDay` declares all day state),
``population`` (who comes and when), ``voting`` (the desks and the booths), ``staff`` (members,
roles, breaks, home visits, fatigue), ``counting`` (the count and its paperwork), ``incidents``
(drill incidents inside the day); ``desk``, ``log`` and ``streams`` are their tools.

No pandas, no plotting, no Jupyter in here: processes append plain records to a
:class:`~simkit.model.log.DayLog`; :mod:`simkit.records` turns them into frames.
"""
