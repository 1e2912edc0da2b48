"""Panels about sync that a person acts on: changes the server refused, and conflicts to resolve."""
