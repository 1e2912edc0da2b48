"""Process-wide concerns of the server: settings, password and token handling, logging."""
