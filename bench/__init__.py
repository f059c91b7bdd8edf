"""`make bench`: speed figures, printed; never timed tests."""
