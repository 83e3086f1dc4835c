"""Numerical engines for the attention dynamics (numpy/scipy/mpmath).

Public, stable names (outside checks call them):

* :func:`angular_velocity` - the S^1 angular field, eq. (2) of the paper;
* :func:`sphere_velocity` - the S^{d-1} Cartesian field, eq. (1).
"""

from numeric.model import angular_velocity, sphere_velocity

__all__ = ["angular_velocity", "sphere_velocity"]
