"""One router per resource; each router carries its own authorization dependency."""
