"""The password hasher: Argon2id at OWASP's recommended minimum.

OWASP's Password Storage Cheat Sheet recommends Argon2id with at least 19 MiB of memory,
2 iterations and 1 degree of parallelism. Django's own Argon2 defaults (100 MiB, 2 iterations,
8 lanes) cost several times the CPU and memory per sign-in for little more protection here, and
PBKDF2's 1,000,000 iterations cost more still; sign-ins compete with every page for the same
workers (docs/security.md, "Password hashing").
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet, minimum).

    Keeps Django's algorithm name "argon2": hashes are standard Argon2 strings that carry their
    own parameters, and `must_update` re-hashes any whose parameters differ at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
