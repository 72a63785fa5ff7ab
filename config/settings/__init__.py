"""Settings: base.py from the environment, test.py for the test suite."""
