"""Pseudonymisation: the CPR number's rules, the HMAC key chain, the key state, rekey.

Ingest pseudonymises every CPR number at the door with the key chain of `chain`;
`keystate` checks that the store and the key file belong together; `rekey` rotates
the key by chaining HMACs over the stored pids. The store itself knows nothing of keys
beyond the check value it keeps (docs/concepts/pseudonymisation.md).
"""
