"""Route handlers: one controller per aggregate; decode -> one core call -> encode."""
