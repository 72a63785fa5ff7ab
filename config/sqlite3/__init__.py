"""Django's SQLite database backend, keeping fresh planner statistics."""
