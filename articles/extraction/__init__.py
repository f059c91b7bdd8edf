"""Pure extraction: text in, dates, names, figures and sentences out. No ORM, no clock."""
