"""The sessions page: the list of logged home visits with its filters, the session
form (its client and guide pickers come from those features), topic picking, and importing and
exporting sessions as spreadsheets, with the column-mapping dialog for sheets of other shapes."""
