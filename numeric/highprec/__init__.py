"""Arbitrary-precision (mpmath) escape rates from the bipodal saddle (issue 6).

* :mod:`numeric.highprec.field` - eq. (2) and eq. (1) in mpmath arithmetic, a second
  implementation of :mod:`numeric.model` (tests hold it against the model);
* :mod:`numeric.highprec.ode` - Gragg-Bulirsch-Stoer extrapolation integrator with
  an error estimate, in mpmath arithmetic at any working precision;
* :mod:`numeric.highprec.escape` - bipodal states, unstable directions, measured
  growth rates and escape times;
* :mod:`numeric.highprec.reference_n2` - the n = 2 (and balanced) reduction to one
  ODE for the cluster separation, whose escape time is a one-dimensional integral.

Every function that computes sets its precision with ``mpmath.workdps`` (never
globally) and reports the precision it used.
"""
