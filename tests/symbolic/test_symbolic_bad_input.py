"""Bad input: the public symbolic functions raise ValueError naming the argument."""

from __future__ import annotations

import pytest

from symbolic import spectra
from symbolic.angular import derive_angular_ode, derive_kuramoto, prop1_explicit
from symbolic.bipodal import explicit_spectrum_proof, jacobian_at_bipodal, paper_appendix_c_matrix
from symbolic.gradient import isotropic_energy
from symbolic.sphere import sphere_equilibrium, sphere_jacobian_proof


@pytest.mark.parametrize("call, name", [
    (lambda: spectra.unbalanced_spectrum(1, 0, 1), "n"),
    (lambda: spectra.unbalanced_spectrum(4, 5, 1), "k"),
    (lambda: spectra.softmax_spectrum(4, 2, "nan"), "gamma"),
    (lambda: spectra.unstable_eigenvalue(4, 0, 1), "k"),
    (lambda: spectra.unstable_eigenvalue(4, 2, 1, "bogus"), "normalization"),
    (lambda: spectra.sphere_spectrum([[1, 2], [3, 4]], [1, 0], 2, 1), "K"),
    (lambda: spectra.sphere_spectrum([[1, 0], [0, 2]], [1, 1], 2, 1), "u"),
    (lambda: derive_angular_ode("bogus"), "normalization"),
    (lambda: derive_angular_ode("uniform", 1), "n_explicit"),
    (lambda: derive_kuramoto(0), "n"),
    (lambda: prop1_explicit(1.5), "n"),
    (lambda: jacobian_at_bipodal(4, 7), "k"),
    (lambda: explicit_spectrum_proof(4, 2, "bogus"), "normalization"),
    (lambda: paper_appendix_c_matrix(5), "n"),
    (lambda: isotropic_energy(1), "n"),
    (lambda: sphere_equilibrium(1, 2, 1), "d"),
    (lambda: sphere_jacobian_proof(3, 2, 3), "k"),
])
def test_bad_input_names_argument(call, name) -> None:
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        call()
