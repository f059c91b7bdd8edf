"""Reads of the record, one module per resource, with the pieces they share in `common`."""
