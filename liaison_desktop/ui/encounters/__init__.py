"""Encounter notes: writing a draft that saves itself, a submitted note with its amendments and
translations beside it, and the Notes section that lists them."""
