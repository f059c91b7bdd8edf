"""The API's shapes for the record, one module per resource."""
