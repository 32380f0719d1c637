"""Disclosure control: primary and secondary suppression and the audit that checks them.

`rules` (the primary rules), `relations` (how cells add up: areas to the municipality,
shared denominators, age ranges), `secondary` (which further cells to hide), `control`
(the whole table), `population` (the population table's protection), and `audit` /
`audit_lp` / `audit_highs` (what an attacker could recover, by linear programming).
`catalogue` holds what disclosure control reads from the indicator definitions.
"""
